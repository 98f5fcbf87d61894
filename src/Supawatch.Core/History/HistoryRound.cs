using System.Collections.Immutable;
using Supawatch.Instances;

namespace Supawatch.History;

/// <summary>Everything one completed round adds to the history store, written in one transaction.</summary>
public sealed record HistoryRound(DateTimeOffset At, ImmutableArray<HistorySample> Samples, ImmutableArray<StatusChange> Changes);
