using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Supawatch.Common;

namespace Supawatch.Configuration;

/// <summary>
/// How Supawatch's own log reads: <c>SUPAWATCH_LOG_FORMAT</c> (<c>text</c>, one line per event, or <c>json</c>, one JSON
/// object per line) and <c>SUPAWATCH_LOG_LEVEL</c>, which is Microsoft.Extensions.Logging's own
/// <c>Logging:LogLevel:Default</c>, so a config file's <c>Logging</c> section works as in any .NET service.
/// </summary>
public static class LogSettings
{
    public const string FormatKey = "Logging:Format";
    public const string LevelKey = "Logging:LogLevel:Default";
    public const string Text = "text";
    public const string Json = "json";

    private static readonly string[] Levels = Enum.GetNames<LogLevel>();

    /// <summary>True for <c>json</c>; anything else (validated first) is text.</summary>
    public static bool IsJson(IConfiguration configuration) =>
        string.Equals(configuration[FormatKey]?.Trim(), Json, StringComparison.OrdinalIgnoreCase);

    /// <summary>The level <c>SUPAWATCH_LOG_LEVEL</c> asks for, or null when unset.</summary>
    public static LogLevel? Level(IConfiguration configuration) =>
        Enum.TryParse<LogLevel>(configuration[LevelKey]?.Trim(), ignoreCase: true, out var level) && Enum.IsDefined(level) ? level : null;

    public static void Validate(IConfiguration configuration, List<string> errors)
    {
        var format = configuration[FormatKey];
        if (format is not null && !format.Trim().Equals(Text, StringComparison.OrdinalIgnoreCase) && !format.Trim().Equals(Json, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"SUPAWATCH_LOG_FORMAT: '{SafeText.Printable(format)}' is neither text nor json");
        }

        var level = configuration[LevelKey];
        if (level is not null && (!Levels.Contains(level.Trim(), StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add($"SUPAWATCH_LOG_LEVEL: '{SafeText.Printable(level)}' is not a level; write one of {string.Join(", ", Levels)}");
        }
    }
}
