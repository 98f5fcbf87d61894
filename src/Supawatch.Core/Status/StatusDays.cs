using System.Collections;
using System.Text.Json;

namespace Supawatch.Status;

/// <summary>
/// A 90-day uptime strip (<see cref="StatusInstance.Days"/>, <see cref="StatusOrganization.Days"/>): the past days,
/// kept compact and shared (<see cref="StatusPastDays"/>), and today's bar, the only one that changes within a day.
/// <see cref="StatusDaysCache"/> hands the builder the previous round's strip when its values are the same, and a strip
/// whose today changed the previous round's past days, so a round holds one copy of the past whatever today does
/// (issue 25: on a refusing fleet every today changes every round). Immutable.
/// </summary>
public sealed class StatusDays : IReadOnlyList<StatusDay>
{
    private readonly StatusDay? _today;

    /// <param name="days">Consecutive days, oldest first, today last.</param>
    public StatusDays(ReadOnlySpan<StatusDay> days)
        : this(new StatusPastDays(days.IsEmpty ? [] : days[..^1]), days.IsEmpty ? null : days[^1])
    {
    }

    internal StatusDays(StatusPastDays past, StatusDay? today)
    {
        Past = past;
        _today = today;
        HashCode = Hash(past.HashCode, today);
    }

    public int Count => Past.Count + (_today is null ? 0 : 1);

    public StatusDay this[int index] => index == Past.Count && _today is { } today ? today : Past[index];

    /// <summary>The days before today, shared with every strip that has the same.</summary>
    internal StatusPastDays Past { get; }

    internal int HashCode { get; }

    /// <summary>Whether these are <paramref name="days"/>' values (the past days and today's bar).</summary>
    internal bool Same(ReadOnlySpan<StatusDay> days) =>
        days.Length == Count && (days.IsEmpty || (SameDay(_today!.Value, days[^1]) && Past.Same(days[..^1])));

    internal bool Same(StatusDays other) =>
        Count == other.Count
        && (_today is not { } today || SameDay(today, other._today!.Value))
        && (ReferenceEquals(Past, other.Past) || Past.Same(other.Past));

    internal static int Hash(ReadOnlySpan<StatusDay> days) =>
        Hash(StatusPastDays.Hash(days.IsEmpty ? [] : days[..^1]), days.IsEmpty ? null : days[^1]);

    /// <summary>Writes each day as a JSON object (the array's brackets are the caller's).</summary>
    internal void WriteDays(Utf8JsonWriter writer)
    {
        Past.WriteDays(writer);
        if (_today is { } today)
        {
            StatusDayJsonConverter.Write(writer, today.Date, today.Status, today.Uptime);
        }
    }

    public IEnumerator<StatusDay> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool SameDay(StatusDay a, StatusDay b) =>
        a.Status == b.Status && StatusPastDays.SameUptime(a.Uptime, b.Uptime) && string.Equals(a.Date, b.Date, StringComparison.Ordinal);

    private static int Hash(int past, StatusDay? today) =>
        today is { } day ? System.HashCode.Combine(past, day.Status, day.Uptime, StringComparer.Ordinal.GetHashCode(day.Date)) : past;
}
