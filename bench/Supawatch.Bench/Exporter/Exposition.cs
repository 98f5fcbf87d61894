using System.Globalization;

namespace Supawatch.Bench.Exporter;

/// <summary>Reads a Prometheus text exposition just enough to check what an exporter served.</summary>
internal static class Exposition
{
    /// <summary>Sample lines (not comments) whose metric name starts with <paramref name="prefix"/>.</summary>
    public static int Samples(string text, string prefix) =>
        Lines(text).Count(line => line.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Sample lines of exactly the series <paramref name="name"/>, with or without labels.</summary>
    public static int Series(string text, string name) =>
        Lines(text).Count(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal));

    /// <summary>The sum of every sample of <paramref name="name"/> (all label sets); NaN when there is none.</summary>
    public static double Sum(string text, string name)
    {
        var values = Lines(text)
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .ToArray();
        return values.Length == 0 ? double.NaN : values.Sum();
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Where(line => line.Length > 0 && line[0] != '#');
}
