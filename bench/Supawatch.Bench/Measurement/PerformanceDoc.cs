using System.Text;

namespace Supawatch.Bench.Measurement;

/// <summary>
/// Writes one scenario's section of <c>docs/performance.md</c> between its markers, leaving the other
/// scenarios' sections and any prose outside the markers as they were.
/// </summary>
internal static class PerformanceDoc
{
    /// <summary>Sections in the order a new file lists them.</summary>
    private static readonly string[] KnownSections = ["discovery-latency", "reconcile-1000", "metrics-1000", "stats-100", "metrics-scrape-cost"];

    private const string Header = """
        # Performance

        Numbers measured by the discovery and exporter benchmarks in `bench/Supawatch.Bench`. Every section between
        `<!-- bench:… -->` markers is rewritten by the run that measured it; text outside the markers is kept.

        Run them all (about seven minutes on a loaded 2-core machine; needs podman, runc and busybox-static, no
        Docker engine; `metrics-1000` also needs wrk and python3-prometheus-client, installed by `run.sh` if missing):

        ```sh
        bash bench/run.sh
        ```

        One scenario: `bash bench/run.sh discovery-latency`, `reconcile-1000`, `metrics-1000`, `metrics-scrape-cost` or
        `stats-100`.

        """;

    public static void Update(string path, string section, string markdown)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : NewDocument();
        var begin = Begin(section);
        var end = End(section);
        var body = $"{begin}\n{markdown.TrimEnd()}\n{end}";

        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = start < 0 ? -1 : text.IndexOf(end, start, StringComparison.Ordinal);
        text = start >= 0 && stop > start
            ? string.Concat(text.AsSpan(0, start), body, text.AsSpan(stop + end.Length))
            : text.TrimEnd() + "\n\n" + body + "\n";

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    private static string NewDocument()
    {
        var text = new StringBuilder(Header);
        foreach (var section in KnownSections)
        {
            text.Append('\n').Append(Begin(section)).Append("\n_Not measured yet._\n").Append(End(section)).Append('\n');
        }

        return text.ToString();
    }

    private static string Begin(string section) => $"<!-- bench:{section} begin -->";

    private static string End(string section) => $"<!-- bench:{section} end -->";
}
