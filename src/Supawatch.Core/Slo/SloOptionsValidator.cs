using System.Globalization;
using Microsoft.Extensions.Configuration;
using Supawatch.Common;

namespace Supawatch.Slo;

/// <summary>Every objective must be a percentage strictly between 0 and 100: 100 leaves no budget, so any error would burn it infinitely fast.</summary>
public static class SloOptionsValidator
{
    public static void Validate(IConfiguration configuration, List<string> errors)
    {
        Check("SUPAWATCH_SLO_OBJECTIVE", configuration[$"{SloOptions.Section}:{nameof(SloOptions.Objective)}"], errors);
        foreach (var section in new[] { nameof(SloOptions.Organizations), nameof(SloOptions.Classes) })
        {
            foreach (var entry in configuration.GetSection($"{SloOptions.Section}:{section}").GetChildren())
            {
                Check($"{SloOptions.Section}:{section}:{SafeText.Printable(entry.Key)}", entry.Value, errors);
            }
        }
    }

    private static void Check(string name, string? raw, List<string> errors)
    {
        if (raw is null)
        {
            return;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || !(percent > 0 && percent < 100))
        {
            errors.Add($"{name}: '{SafeText.Printable(raw)}' is not an availability objective; write a percentage above 0 and below 100, such as 99.9");
        }
    }
}
