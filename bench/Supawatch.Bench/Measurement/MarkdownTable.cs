using System.Text;

namespace Supawatch.Bench.Measurement;

/// <summary>A GitHub-flavoured Markdown table, printed to the console and written into docs/performance.md.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        Line(text, headers);
        Line(text, headers.Select((_, i) => i == 0 ? "---" : "---:").ToArray());
        foreach (var row in _rows)
        {
            Line(text, row);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string[] cells) =>
        text.Append("| ").AppendJoin(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
}
