namespace Supawatch.Notices;

/// <summary>
/// Cleans what an operator writes (notes, titles, updates) before it is stored: line breaks kept as <c>\n</c>, other
/// control characters (which XML cannot carry and terminals would obey) become spaces. Markup is left as typed: every
/// output encodes it (HTML encoder, XML writer, JSON's escaping encoder).
/// </summary>
public static class OperatorText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return string.Create(normalized.Length, normalized, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c == '\n' || !(char.IsControl(c) || char.IsSurrogate(c) && !HasPair(source, i) || c is '\uFFFE' or '\uFFFF') ? c : ' ';
            }
        }).Trim();
    }

    private static bool HasPair(string text, int i) =>
        char.IsHighSurrogate(text[i]) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
        : i > 0 && char.IsHighSurrogate(text[i - 1]);
}
