using System.Collections;
using System.Collections.Immutable;

namespace Supawatch.History;

/// <summary>
/// An instance's days, oldest first, today last: the 89 past days are the history cache's array (shared, never copied
/// per round) and today is one value. Read a day without allocating through <see cref="DateAt"/> and
/// <see cref="CountsAt"/>; the indexer builds an <see cref="UptimeDay"/> for callers that want one.
/// A past day keeps what its bar needs (<see cref="DayBar"/>: rounds up, degraded, down, stopped); its other counts
/// are in the windows' sums and in the store (<see cref="HistoryStore.ReadPeriod"/>), and read as 0 here. Today is whole.
/// </summary>
public sealed class UptimeDays : IReadOnlyList<UptimeDay>
{
    private readonly DayBar[] _past;
    private readonly DayCounts _today;

    internal UptimeDays(DateOnly first, DayBar[] past, DayCounts today)
    {
        First = first;
        _past = past;
        _today = today;
    }

    public static UptimeDays Empty { get; } = new(default, [], default) { IsEmpty = true };

    /// <summary>The date of the oldest day.</summary>
    public DateOnly First { get; }

    public int Length => IsEmpty ? 0 : _past.Length + 1;

    public int Count => Length;

    private bool IsEmpty { get; init; }

    public UptimeDay this[int index] => new(DateAt(index), CountsAt(index).ToCounts());

    /// <summary>Days given one by one (tests, the demo): they must follow each other, oldest first.</summary>
    public static UptimeDays From(ImmutableArray<UptimeDay> days)
    {
        if (days.IsDefaultOrEmpty)
        {
            return Empty;
        }

        var past = new DayBar[days.Length - 1];
        for (var i = 0; i < days.Length; i++)
        {
            if (days[i].Date != days[0].Date.AddDays(i))
            {
                throw new ArgumentException($"days: day {i} is {days[i].Date:yyyy-MM-dd}, expected {days[0].Date.AddDays(i):yyyy-MM-dd}; pass one entry per day, oldest first, with no gaps", nameof(days));
            }

            if (i < past.Length)
            {
                past[i] = DayBar.From(DayCounts.From(days[i].Counts));
            }
        }

        return new UptimeDays(days[0].Date, past, DayCounts.From(days[^1].Counts));
    }

    public DateOnly DateAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        return First.AddDays(index);
    }

    public DayCounts CountsAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        return index == _past.Length ? _today : _past[index].ToCounts();
    }

    public IEnumerator<UptimeDay> GetEnumerator()
    {
        for (var i = 0; i < Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
