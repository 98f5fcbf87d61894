namespace Supawatch.History;

/// <summary>
/// What one health round counts toward an instance's error budget (docs/slo.md, "What counts as good and bad"): the
/// recording rule <c>instance_id:supabase_slo_unavailable:sample</c> computes the same from the round's metrics.
/// </summary>
public enum SloEvent
{
    /// <summary>Counted in neither bad nor total: stopped on purpose, in maintenance, or not monitored this round.</summary>
    None = 0,

    /// <summary>Available: counted in the total only.</summary>
    Good = 1,

    /// <summary>Unavailable: counted in bad and in the total.</summary>
    Bad = 2,
}
