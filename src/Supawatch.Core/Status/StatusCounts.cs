namespace Supawatch.Status;

/// <summary>How many instances are in each status.</summary>
public sealed record StatusCounts(int Up, int Degraded, int Down, int Stopped, int Unknown)
{
    /// <summary>Instances in a scheduled maintenance window.</summary>
    public int Maintenance { get; init; }
}
