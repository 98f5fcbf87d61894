using System.Collections.Immutable;

namespace Supawatch.Metrics;

/// <summary>A tenant database's connections as <c>pg_stat_activity</c> shows them.</summary>
/// <param name="ByState">Client backends by state (<c>active</c>, <c>idle</c>, <c>idle in transaction</c>…).</param>
public sealed record DatabaseConnections(ImmutableDictionary<string, int> ByState, int MaxConnections)
{
    public int Total => ByState.Values.Sum();
}
