using System.Globalization;

namespace Supawatch.Health;

/// <summary>A set of HTTP status codes written as <c>200-399,401,403</c>.</summary>
public sealed class StatusCodeRanges
{
    private readonly (int From, int To)[] _ranges;

    private StatusCodeRanges((int From, int To)[] ranges) => _ranges = ranges;

    public bool Contains(int code) => _ranges.Any(r => code >= r.From && code <= r.To);

    public static bool TryParse(string? text, out StatusCodeRanges ranges)
    {
        ranges = new([]);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parsed = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', 2, StringSplitOptions.TrimEntries);
            if (!TryCode(bounds[0], out var from))
            {
                return false;
            }

            var to = from;
            if (bounds.Length == 2 && (!TryCode(bounds[1], out to) || to < from))
            {
                return false;
            }

            parsed.Add((from, to));
        }

        ranges = new([.. parsed]);
        return parsed.Count > 0;
    }

    /// <summary>Parses a value already validated at start; an invalid one means nothing counts as up.</summary>
    public static StatusCodeRanges Parse(string? text) => TryParse(text, out var ranges) ? ranges : new([]);

    private static bool TryCode(string text, out int code) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code) && code is >= 100 and <= 599;
}
