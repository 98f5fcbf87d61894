using System.Collections.Concurrent;

namespace Supawatch.Status;

/// <summary>
/// The 90-day strips of recent status documents, found by their values: a round whose strip for an instance (or an
/// organization) has the same dates, statuses and uptimes as one already made gets that one, with its JSON already
/// written (<see cref="StatusDays"/>). Keyed on the values written, not on how they were computed, so it stays right
/// whatever changes upstream; instances with the same strip (a healthy fleet's 100 % days) share one. Strips no
/// document used in the last two builds are dropped once the cache holds more than a build uses (plus a little: the
/// health loop and the status listener may build at the same time).
/// </summary>
public sealed class StatusDaysCache
{
    private readonly ConcurrentDictionary<StatusDays, long> _strips;
    private readonly ConcurrentDictionary<StatusDays, long>.AlternateLookup<ReadOnlySpan<StatusDay>> _byValues;
    private long _generation;

    public StatusDaysCache()
    {
        _strips = new(StripComparer.Instance);
        _byValues = _strips.GetAlternateLookup<ReadOnlySpan<StatusDay>>();
    }

    /// <summary>The cache every build uses unless given its own (<see cref="StatusDocumentBuilder.Build"/>).</summary>
    public static StatusDaysCache Shared { get; } = new();

    /// <summary>How many strips are kept.</summary>
    public int Count => _strips.Count;

    /// <summary>Starts a build: strips it uses are marked with the returned generation.</summary>
    public long Begin() => Interlocked.Increment(ref _generation);

    /// <summary>The kept strip with these values, or a new one kept from now on.</summary>
    public StatusDays Intern(ReadOnlySpan<StatusDay> days, long generation)
    {
        if (_byValues.TryGetValue(days, out var kept, out _))
        {
            // A long is written in place: no allocation for a hit.
            _strips[kept] = generation;
            return kept;
        }

        var made = new StatusDays(days);
        return _strips.TryAdd(made, generation) ? made : _byValues.TryGetValue(days, out kept, out _) ? kept : made;
    }

    /// <summary>Ends a build that used <paramref name="used"/> strips: drops the ones unused since the build before it.</summary>
    public void End(long generation, int used)
    {
        if (_strips.Count <= used + 256)
        {
            return;
        }

        foreach (var (strip, last) in _strips)
        {
            if (last < generation - 1)
            {
                _strips.TryRemove(strip, out _);
            }
        }
    }

    /// <summary>Two strips are the same when they would be written the same: dates, statuses and uptimes bit for bit.</summary>
    private sealed class StripComparer : IEqualityComparer<StatusDays>, IAlternateEqualityComparer<ReadOnlySpan<StatusDay>, StatusDays>
    {
        public static readonly StripComparer Instance = new();

        public bool Equals(StatusDays? x, StatusDays? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && Same(x.Span, y.Span));

        public int GetHashCode(StatusDays obj) => Hash(obj.Span);

        public bool Equals(ReadOnlySpan<StatusDay> alternate, StatusDays other) => Same(alternate, other.Span);

        public int GetHashCode(ReadOnlySpan<StatusDay> alternate) => Hash(alternate);

        public StatusDays Create(ReadOnlySpan<StatusDay> alternate) => new(alternate);

        private static bool Same(ReadOnlySpan<StatusDay> x, ReadOnlySpan<StatusDay> y)
        {
            if (x.Length != y.Length)
            {
                return false;
            }

            for (var i = 0; i < x.Length; i++)
            {
                var (a, b) = (x[i], y[i]);
                if (a.Status != b.Status
                    || a.Uptime.HasValue != b.Uptime.HasValue
                    || (a.Uptime is { } ua && BitConverter.DoubleToInt64Bits(ua) != BitConverter.DoubleToInt64Bits(b.Uptime!.Value))
                    || !string.Equals(a.Date, b.Date, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        private static int Hash(ReadOnlySpan<StatusDay> days)
        {
            var hash = new HashCode();
            hash.Add(days.Length);
            foreach (var day in days)
            {
                hash.Add(day.Status);
                hash.Add(day.Uptime);
            }

            // The dates: the first and last name the window; the ones between follow from them in any real strip.
            if (days.Length > 0)
            {
                hash.Add(days[0].Date, StringComparer.Ordinal);
                hash.Add(days[^1].Date, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
