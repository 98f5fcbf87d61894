namespace Supawatch.Alerting;

/// <summary>Alertmanager matchers (<c>name="value"</c>), with values quoted and escaped.</summary>
public static class Matcher
{
    public static string Equal(string name, string value) => $"{name}=\"{Escape(value)}\"";

    public static string Regex(string name, string pattern) => $"{name}=~\"{Escape(pattern)}\"";

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
}
