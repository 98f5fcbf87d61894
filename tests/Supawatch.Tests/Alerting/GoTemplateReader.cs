using System.Text;

namespace Supawatch.Tests.Alerting;

/// <summary>
/// Reads a Go template the way text/template's lexer splits it: text up to <c>{{</c>, then an action up to the
/// first <c>}}</c> outside a quoted string. String actions print their content; <c>$labels.x</c> prints
/// <c>&lt;x&gt;</c>; any other action is refused, so a value that turned into template code is caught.
/// </summary>
public static class GoTemplateReader
{
    public static string Expand(string template)
    {
        var output = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                output.Append(template, i, template.Length - i);
                break;
            }

            output.Append(template, i, open - i);
            var j = open + 2;
            var action = new StringBuilder();
            while (true)
            {
                if (j >= template.Length)
                {
                    throw new FormatException("unclosed action");
                }

                if (template[j] == '"')
                {
                    var end = j + 1;
                    while (template[end] != '"')
                    {
                        end += template[end] == '\\' ? 2 : 1;
                    }

                    action.Append(template, j, end - j + 1);
                    j = end + 1;
                    continue;
                }

                if (template[j] == '}' && j + 1 < template.Length && template[j + 1] == '}')
                {
                    break;
                }

                action.Append(template[j++]);
            }

            output.Append(Evaluate(action.ToString().Trim()));
            i = j + 2;
        }

        return output.ToString();
    }

    private static string Evaluate(string action)
    {
        if (action.Length >= 2 && action[0] == '"' && action[^1] == '"' && !action[1..^1].Contains('\\', StringComparison.Ordinal))
        {
            return action[1..^1];
        }

        if (action.StartsWith("$labels.", StringComparison.Ordinal))
        {
            return $"<{action["$labels.".Length..]}>";
        }

        throw new FormatException($"unexpected template action {{{{{action}}}}}");
    }
}
