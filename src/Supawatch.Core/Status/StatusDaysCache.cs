using System.Collections.Concurrent;

namespace Supawatch.Status;

/// <summary>
/// The 90-day strips of recent status documents, found by their values: a round whose strip for an instance (or an
/// organization) has the same dates, statuses and uptimes as one already made gets that one; a strip with only a new
/// today gets the kept past days (<see cref="StatusPastDays"/>) and a new today's bar. Keyed on the values written, not
/// on how they were computed, so it stays right whatever changes upstream; instances with the same strip (a healthy
/// fleet's 100 % days) share one. Strips and past days no document used in the last two builds are dropped once the
/// cache holds more than a build uses (plus a little: the health loop and the status listener may build at the same time).
/// </summary>
public sealed class StatusDaysCache
{
    private readonly Kept<StatusDays> _strips = new(StripComparer.Instance);
    private readonly Kept<StatusPastDays> _pasts = new(PastComparer.Instance);
    private long _generation;

    /// <summary>The cache every build uses unless given its own (<see cref="StatusDocumentBuilder.Build"/>).</summary>
    public static StatusDaysCache Shared { get; } = new();

    /// <summary>How many strips are kept.</summary>
    public int Count => _strips.Count;

    /// <summary>How many distinct past days (the strips without today) are kept.</summary>
    public int PastCount => _pasts.Count;

    /// <summary>Starts a build: strips it uses are marked with the returned generation.</summary>
    public long Begin() => Interlocked.Increment(ref _generation);

    /// <summary>The kept strip with these values, or a new one (on the kept past days when they are the same) kept from now on.</summary>
    public StatusDays Intern(ReadOnlySpan<StatusDay> days, long generation)
    {
        if (_strips.Find(days, generation) is { } kept)
        {
            _pasts.Mark(kept.Past, generation);
            return kept;
        }

        var pastDays = days.IsEmpty ? [] : days[..^1];
        var past = _pasts.Find(pastDays, generation) ?? _pasts.Add(new StatusPastDays(pastDays), pastDays, generation);
        return _strips.Add(new StatusDays(past, days.IsEmpty ? null : days[^1]), days, generation);
    }

    /// <summary>Ends a build that used <paramref name="used"/> strips: drops the ones unused since the build before it.</summary>
    public void End(long generation, int used)
    {
        _strips.Drop(generation, used);
        _pasts.Drop(generation, used);
    }

    /// <summary>Kept values and the generation of the last build that used each.</summary>
    private sealed class Kept<T>
        where T : class
    {
        private readonly ConcurrentDictionary<T, long> _kept;
        private readonly ConcurrentDictionary<T, long>.AlternateLookup<ReadOnlySpan<StatusDay>> _byValues;

        public Kept(IAlternateEqualityComparer<ReadOnlySpan<StatusDay>, T> comparer)
        {
            _kept = new((IEqualityComparer<T>)comparer);
            _byValues = _kept.GetAlternateLookup<ReadOnlySpan<StatusDay>>();
        }

        public int Count => _kept.Count;

        public T? Find(ReadOnlySpan<StatusDay> days, long generation)
        {
            if (!_byValues.TryGetValue(days, out var kept, out _))
            {
                return null;
            }

            // A long is written in place: no allocation for a hit.
            _kept[kept] = generation;
            return kept;
        }

        public void Mark(T kept, long generation) => _kept[kept] = generation;

        /// <summary>Keeps <paramref name="made"/>, or returns the one another build kept first.</summary>
        public T Add(T made, ReadOnlySpan<StatusDay> days, long generation) =>
            _kept.TryAdd(made, generation) ? made : _byValues.TryGetValue(days, out var kept, out _) ? kept : made;

        public void Drop(long generation, int used)
        {
            if (_kept.Count <= used + 256)
            {
                return;
            }

            foreach (var (value, last) in _kept)
            {
                if (last < generation - 1)
                {
                    _kept.TryRemove(value, out _);
                }
            }
        }
    }

    /// <summary>Two strips are the same when they would be written the same: dates, statuses and uptimes bit for bit.</summary>
    private sealed class StripComparer : IEqualityComparer<StatusDays>, IAlternateEqualityComparer<ReadOnlySpan<StatusDay>, StatusDays>
    {
        public static readonly StripComparer Instance = new();

        public bool Equals(StatusDays? x, StatusDays? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.Same(y));

        public int GetHashCode(StatusDays obj) => obj.HashCode;

        public bool Equals(ReadOnlySpan<StatusDay> alternate, StatusDays other) => other.Same(alternate);

        public int GetHashCode(ReadOnlySpan<StatusDay> alternate) => StatusDays.Hash(alternate);

        public StatusDays Create(ReadOnlySpan<StatusDay> alternate) => new(alternate);
    }

    /// <summary>The same for past days.</summary>
    private sealed class PastComparer : IEqualityComparer<StatusPastDays>, IAlternateEqualityComparer<ReadOnlySpan<StatusDay>, StatusPastDays>
    {
        public static readonly PastComparer Instance = new();

        public bool Equals(StatusPastDays? x, StatusPastDays? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.Same(y));

        public int GetHashCode(StatusPastDays obj) => obj.HashCode;

        public bool Equals(ReadOnlySpan<StatusDay> alternate, StatusPastDays other) => other.Same(alternate);

        public int GetHashCode(ReadOnlySpan<StatusDay> alternate) => StatusPastDays.Hash(alternate);

        public StatusPastDays Create(ReadOnlySpan<StatusDay> alternate) => new(alternate);
    }
}
