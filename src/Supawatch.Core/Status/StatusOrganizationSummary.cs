using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>One organization on the overview: its state, uptime and how many instances are in each state.</summary>
public sealed record StatusOrganizationSummary(string? OrgId, string? OrgName, HealthStatus Status, StatusUptime Uptime, StatusCounts Counts);
