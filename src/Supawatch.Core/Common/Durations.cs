using System.Globalization;
using System.Text.RegularExpressions;

namespace Supawatch.Common;

/// <summary>
/// Parses the durations operators write: the seed's plain seconds (<c>60</c>), Prometheus style
/// (<c>30s</c>, <c>5m</c>, <c>1h</c>, <c>250ms</c>) and .NET's <c>00:01:00</c>.
/// </summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < 0 || double.IsNaN(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds)
            {
                return false;
            }

            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var match = UnitPattern().Match(text);
        if (match.Success)
        {
            var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            value = match.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    /// <summary>The form the configuration binder reads back into a <see cref="TimeSpan"/>.</summary>
    public static string ToBinderString(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)$")]
    private static partial Regex UnitPattern();
}
