namespace Supawatch.Status;

/// <summary>Open incidents (newest first) and the most recently closed ones.</summary>
public sealed record StatusIncidents(IReadOnlyList<StatusIncident> Open, IReadOnlyList<StatusIncident> Recent);
