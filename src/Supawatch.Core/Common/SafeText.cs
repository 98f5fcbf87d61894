namespace Supawatch.Common;

/// <summary>Makes text from outside (container names, configuration values) safe to put in a log line or an error.</summary>
public static class SafeText
{
    /// <summary>A value safe to put in a log line or error: control characters escaped, length bounded.</summary>
    public static string Printable(string value)
    {
        var clipped = value.Length > 200 ? value[..200] + "…" : value;
        return string.Create(clipped.Length, clipped, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
