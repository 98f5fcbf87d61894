namespace Supawatch.Cli;

/// <summary>
/// Colour only for a person at a terminal: never when stdout is redirected (a pipe, a file, cron) nor when
/// <c>NO_COLOR</c> is set to anything (https://no-color.org), nor for a writer that is not the console.
/// </summary>
internal static class Terminal
{
    private const string Reset = "\u001b[0m";

    public static bool Colours(TextWriter output) =>
        Colours(ReferenceEquals(output, Console.Out), Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR"), Environment.GetEnvironmentVariable("TERM"));

    /// <summary>The rule itself: the console, not redirected, <c>NO_COLOR</c> unset or empty, <c>TERM</c> not <c>dumb</c>.</summary>
    public static bool Colours(bool isConsole, bool redirected, string? noColor, string? term) =>
        isConsole && !redirected && string.IsNullOrEmpty(noColor) && term is not "dumb";

    /// <summary>A status word in its colour: down red, degraded and unknown yellow, up green, the rest as is.</summary>
    public static string Paint(string text, string status) => status switch
    {
        "down" or "crash loop" or "exited" or "dead" => "\u001b[31m" + text + Reset,
        "degraded" or "unknown" or "not answering" or "restarting" or "unhealthy" => "\u001b[33m" + text + Reset,
        "up" or "running" or "healthy" => "\u001b[32m" + text + Reset,
        _ => text,
    };
}
