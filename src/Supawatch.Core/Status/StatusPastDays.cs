using System.Runtime.InteropServices;
using System.Text.Json;
using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>
/// The days of a 90-day strip before today, which do not change within a day: kept once per distinct set of values
/// (<see cref="StatusDaysCache"/>) as a status byte and an uptime per day and the first date, about 0.9 KB for 89 days.
/// As <see cref="StatusDay"/> values with their JSON they took 8.5 KB an instance (issue 25: 85 MB at 10,000 on a fleet
/// whose strips all differ); the dates follow from the first and the JSON is written each round instead.
/// </summary>
internal sealed class StatusPastDays
{
    // The status's low bits; this bit set: no uptime that day (null in the JSON).
    private const byte NoUptime = 0x80;

    private readonly byte[] _statuses;
    private readonly double[] _uptimes;

    /// <param name="days">Consecutive days, oldest first (the dates are checked: only the first is kept).</param>
    public StatusPastDays(ReadOnlySpan<StatusDay> days)
    {
        _statuses = new byte[days.Length];
        _uptimes = new double[days.Length];
        First = days.IsEmpty ? default : StatusDates.Parse(days[0].Date);
        for (var i = 0; i < days.Length; i++)
        {
            if (!string.Equals(days[i].Date, StatusDates.Text(First.AddDays(i)), StringComparison.Ordinal))
            {
                throw new ArgumentException($"days: day {i} is {days[i].Date}, expected {First.AddDays(i):yyyy-MM-dd}; pass consecutive days, oldest first", nameof(days));
            }

            _statuses[i] = (byte)((byte)days[i].Status | (days[i].Uptime is null ? NoUptime : 0));
            _uptimes[i] = days[i].Uptime ?? 0;
        }

        HashCode = Hash(days);
    }

    public DateOnly First { get; }

    public int Count => _statuses.Length;

    /// <summary>Computed once: the cache hashes every kept strip again each time its table grows.</summary>
    public int HashCode { get; }

    public StatusDay this[int index] => new(StatusDates.Text(First.AddDays(index)), Status(index), Uptime(index));

    public HealthStatus Status(int index) => (HealthStatus)(_statuses[index] & ~NoUptime);

    public double? Uptime(int index) => (_statuses[index] & NoUptime) != 0 ? null : _uptimes[index];

    /// <summary>Writes each day as a JSON object, as <see cref="StatusDayJsonConverter"/> writes a <see cref="StatusDay"/>.</summary>
    public void WriteDays(Utf8JsonWriter writer) => StatusBarJson.Write(writer, this);

    /// <summary>Whether these are <paramref name="days"/>' values: statuses and uptimes bit for bit, and the same first date.</summary>
    /// <remarks>Only the first date is compared: the others follow from it in a strip of consecutive days, the only kind kept.</remarks>
    public bool Same(ReadOnlySpan<StatusDay> days)
    {
        if (days.Length != Count || (days.Length > 0 && !string.Equals(days[0].Date, StatusDates.Text(First), StringComparison.Ordinal)))
        {
            return false;
        }

        for (var i = 0; i < days.Length; i++)
        {
            if (Status(i) != days[i].Status || !SameUptime(Uptime(i), days[i].Uptime))
            {
                return false;
            }
        }

        return true;
    }

    public bool Same(StatusPastDays other) =>
        First == other.First
        && _statuses.AsSpan().SequenceEqual(other._statuses)
        && MemoryMarshal.Cast<double, long>(_uptimes).SequenceEqual(MemoryMarshal.Cast<double, long>(other._uptimes));

    /// <summary>The hash of these values as <see cref="StatusDay"/>s: statuses, uptimes and the first date.</summary>
    public static int Hash(ReadOnlySpan<StatusDay> days)
    {
        var hash = new HashCode();
        hash.Add(days.Length);
        foreach (var day in days)
        {
            hash.Add(day.Status);
            hash.Add(day.Uptime);
        }

        if (days.Length > 0)
        {
            hash.Add(days[0].Date, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public static bool SameUptime(double? a, double? b) =>
        a.HasValue == b.HasValue && (a is not { } x || BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(b!.Value));
}
