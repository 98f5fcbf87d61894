using System.Text;
using System.Text.RegularExpressions;

namespace Supawatch.Tests.Alerting;

/// <summary>
/// Alertmanager 0.25's <c>labels.ParseMatchers</c>, line for line: it splits on commas outside quotes — counting an
/// escaped quote as a quote — and unescapes <c>\n</c>, <c>\"</c>, <c>\\</c>. A rendered matcher must read back as
/// exactly one matcher with the value it was given.
/// </summary>
public static partial class AlertmanagerMatchers
{
    public static IReadOnlyList<(string Name, string Op, string Value)> Parse(string text)
    {
        var s = text.StartsWith('{') ? text[1..] : text;
        s = s.EndsWith('}') ? s[..^1] : s;
        var tokens = new List<string>();
        var token = new StringBuilder();
        var insideQuotes = false;
        foreach (var rune in s.EnumerateRunes())
        {
            if (!insideQuotes && rune.Value == ',')
            {
                tokens.Add(token.ToString());
                token.Clear();
                continue;
            }

            token.Append(rune.ToString());
            if (rune.Value == '"')
            {
                insideQuotes = !insideQuotes;
            }
        }

        if (token.ToString().Trim() is { Length: > 0 } last)
        {
            tokens.Add(last);
        }

        return tokens.Select(ParseOne).ToList();
    }

    private static (string, string, string) ParseOne(string token)
    {
        var match = MatcherPattern().Match(token);
        if (!match.Success)
        {
            throw new FormatException($"bad matcher format: {token}");
        }

        var raw = match.Groups[3].Value;
        var expectTrailingQuote = false;
        if (raw.StartsWith('"'))
        {
            raw = raw[1..];
            expectTrailingQuote = true;
        }

        var value = new StringBuilder();
        var escaped = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (escaped)
            {
                escaped = false;
                value.Append(c switch { 'n' => "\n", '"' or '\\' => c.ToString(), _ => "\\" + c });
                continue;
            }

            switch (c)
            {
                case '\\' when i < raw.Length - 1:
                    escaped = true;
                    break;
                case '"':
                    if (!expectTrailingQuote || i < raw.Length - 1)
                    {
                        throw new FormatException($"matcher value contains unescaped double quote: {token}");
                    }

                    expectTrailingQuote = false;
                    break;
                default:
                    value.Append(c);
                    break;
            }
        }

        if (expectTrailingQuote)
        {
            throw new FormatException($"matcher value contains unescaped double quote: {token}");
        }

        return (match.Groups[1].Value, match.Groups[2].Value, value.ToString());
    }

    // Go's \s is [\t\n\f\r ] and its $ is the end of the text; .NET's are wider, so they are spelled out.
    [GeneratedRegex(@"^[\t\n\f\r ]*([a-zA-Z_:][a-zA-Z0-9_:]*)[\t\n\f\r ]*(=~|=|!=|!~)[\t\n\f\r ]*((?s).*?)[\t\n\f\r ]*\z")]
    private static partial Regex MatcherPattern();
}
