using System.Globalization;
using System.Text.Json;
using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>
/// A past day's bar as its JSON bytes, the same as <see cref="StatusDayJsonConverter"/> writes (StatusDaysTests compare
/// the two), made in a stack buffer and written raw: a round writes 900,000 of them at 10,000 instances, and through the
/// writer's calls one by one (date escaped, each property checked) they made a status round ≈ 1.5× (issue 25).
/// </summary>
internal static class StatusBarJson
{
    private static readonly byte[] DatePrefix = "{\"date\":\""u8.ToArray();
    private static readonly byte[] StatusPrefix = "\",\"status\":\""u8.ToArray();
    private static readonly byte[] UptimePrefix = "\",\"uptime\":"u8.ToArray();
    private static readonly byte[] Null = "null"u8.ToArray();
    private static readonly byte[] Hundred = "100"u8.ToArray();

    /// <summary>Writes the bars of <paramref name="days"/>, one JSON object each, into the array the writer is in.</summary>
    public static void Write(Utf8JsonWriter writer, StatusPastDays days)
    {
        Span<byte> bar = stackalloc byte[128];
        for (var i = 0; i < days.Count; i++)
        {
            writer.WriteRawValue(bar[..Format(bar, days.First.AddDays(i), days.Status(i), days.Uptime(i))], skipInputValidation: true);
        }
    }

    private static int Format(Span<byte> bar, DateOnly date, HealthStatus status, double? uptime)
    {
        var at = Append(bar, 0, DatePrefix);
        date.TryFormat(bar[at..], out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        at = Append(bar, at + written, StatusPrefix);
        // Labels are lowercase ASCII words: nothing the document's encoder would escape either.
        at = Append(bar, at, StatusDayJsonConverter.Label(status).EncodedUtf8Bytes);
        at = Append(bar, at, UptimePrefix);
        if (uptime is not { } percent)
        {
            at = Append(bar, at, Null);
        }
        else if (BitConverter.DoubleToInt64Bits(percent) == BitConverter.DoubleToInt64Bits(100.0))
        {
            // Most days of most instances: skip formatting a double.
            at = Append(bar, at, Hundred);
        }
        else
        {
            // As Utf8JsonWriter.WriteNumberValue(double) formats it: the shortest text that reads back the same value.
            percent.TryFormat(bar[at..], out written, default, CultureInfo.InvariantCulture);
            at += written;
        }

        bar[at] = (byte)'}';
        return at + 1;
    }

    private static int Append(Span<byte> bar, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(bar[at..]);
        return at + bytes.Length;
    }
}
