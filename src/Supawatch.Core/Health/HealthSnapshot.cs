using System.Collections.Immutable;
using Supawatch.History;
using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>
/// The fleet's health after one round: immutable, published whole like <see cref="InventorySnapshot"/>.
/// The status page, status.json and the CLI read only this.
/// </summary>
public sealed record HealthSnapshot
{
    public static HealthSnapshot Empty { get; } = new();

    /// <summary>Increases by one with every completed round; 0 before the first.</summary>
    public long Round { get; init; }

    public DateTimeOffset? CheckedAt { get; init; }

    public TimeSpan RoundDuration { get; init; }

    /// <summary>Bytes the whole process allocated while the round ran (its garbage, mostly): issue 25's allocation per round.</summary>
    public long RoundAllocatedBytes { get; init; }

    public TimeSpan Interval { get; init; }

    /// <summary>Instances ordered by organization, then project, then id.</summary>
    public ImmutableArray<InstanceHealth> Instances { get; init; } = [];

    public HistorySummary History { get; init; } = HistorySummary.Empty;

    public HistoryState HistoryState { get; init; } = HistoryState.Healthy;

    /// <summary>The discovery sources as of the inventory this round checked.</summary>
    public ImmutableArray<SourceStatus> Sources { get; init; } = [];

    /// <summary>Worst confirmed status; instances stopped on purpose do not count.</summary>
    public HealthStatus Overall
    {
        get
        {
            if (Round == 0)
            {
                return HealthStatus.Unknown;
            }

            var counted = Instances.Where(i => i.Status is not (HealthStatus.Stopped or HealthStatus.Unknown or HealthStatus.Maintenance)).ToList();
            return counted.Count == 0
                ? (Instances.IsEmpty ? HealthStatus.Unknown : HealthStatus.Up)
                : counted.Aggregate(HealthStatus.Up, (worst, i) => HealthStatuses.Worst(worst, i.Status));
        }
    }

    /// <summary>True when an instance is down: what makes <c>supawatch health</c> exit 1.</summary>
    public bool AnyCriticalDown => Instances.Any(i => i.Status == HealthStatus.Down);
}
