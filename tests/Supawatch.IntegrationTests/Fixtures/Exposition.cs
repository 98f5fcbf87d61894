using System.Globalization;
using System.Text.RegularExpressions;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>A parsed Prometheus text exposition, for asserting on series.</summary>
public sealed partial class Exposition(string text)
{
    public string Text { get; } = text;

    /// <summary>Samples of <paramref name="name"/> whose labels include every pair in <paramref name="labels"/>.</summary>
    public IReadOnlyList<double> Values(string name, params (string Name, string Value)[] labels) =>
        Samples(name).Where(s => labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Select(s => s.Value).ToList();

    public double? Value(string name, params (string Name, string Value)[] labels) =>
        Values(name, labels) is [var single] ? single : null;

    public IEnumerable<(Dictionary<string, string> Labels, double Value)> Samples(string name)
    {
        foreach (var line in Text.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success || match.Groups["name"].Value != name)
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
            {
                labels[label.Groups["k"].Value] = Unescape(label.Groups["v"].Value);
            }

            yield return (labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The text format escapes exactly three things in label values: backslash, quote, newline.</summary>
    private static string Unescape(string value)
    {
        var result = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                result.Append(value[i] == 'n' ? '\n' : value[i]);
            }
            else
            {
                result.Append(value[i]);
            }
        }

        return result.ToString();
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<v>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
