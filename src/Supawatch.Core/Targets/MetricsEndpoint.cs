namespace Supawatch.Targets;

/// <summary>Where a container serves Prometheus metrics: a container port and a path; port 0 when its labels are unusable.</summary>
public readonly record struct MetricsEndpoint(int Port, string Path);
