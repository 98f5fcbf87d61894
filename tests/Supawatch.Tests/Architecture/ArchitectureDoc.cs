using System.Text.RegularExpressions;

namespace Supawatch.Tests.Architecture;

/// <summary>Reads the "who uses whom" table of docs/architecture.md: one row a concept, the concepts it uses in backticks.</summary>
public static partial class ArchitectureDoc
{
    public const string Heading = "## Who uses whom";

    /// <summary>Concept namespace (<c>Supawatch.X</c>) → the namespaces its row names.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Uses(IReadOnlyList<string> lines)
    {
        var uses = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var start = lines.ToList().FindIndex(l => l.Trim() == Heading);
        if (start < 0)
        {
            return uses;
        }

        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 4 || !cells[1].StartsWith('`'))
            {
                continue;
            }

            uses["Supawatch." + cells[1].Trim('`')] = [.. Name().Matches(cells[2]).Select(m => "Supawatch." + m.Groups[1].Value)];
        }

        return uses;
    }

    public static string Concept(string ns) => ns["Supawatch.".Length..];

    [GeneratedRegex("`([A-Za-z]+)`")]
    private static partial Regex Name();
}
