using System.Text;

namespace Supawatch.Metrics;

/// <summary>
/// One tenant metric family for <see cref="ExpositionWriter"/>: its name, help, type and label names, with the
/// bytes that never change (the HELP and TYPE lines, <c>name{label="</c>, <c>",label="</c>) encoded once.
/// </summary>
public sealed class MetricFamily
{
    public MetricFamily(string name, string help, MetricType type, params string[] labelNames)
    {
        Name = name;
        LabelNames = labelNames;
        var typeName = type == MetricType.Counter ? "counter" : "gauge";
        Header = Encoding.UTF8.GetBytes($"# HELP {name} {EscapeHelp(help)}\n# TYPE {name} {typeName}\n");
        if (labelNames.Length == 0)
        {
            LabelPrefixes = [Encoding.UTF8.GetBytes(name)];
            return;
        }

        LabelPrefixes = new byte[labelNames.Length][];
        for (var i = 0; i < labelNames.Length; i++)
        {
            var prefix = i == 0 ? $"{name}{{{labelNames[i]}=\"" : $"\",{labelNames[i]}=\"";
            LabelPrefixes[i] = Encoding.UTF8.GetBytes(prefix);
        }
    }

    public string Name { get; }

    public IReadOnlyList<string> LabelNames { get; }

    internal byte[] Header { get; }

    /// <summary>What precedes each label value; with no labels, the bare name.</summary>
    internal byte[][] LabelPrefixes { get; }

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

public enum MetricType
{
    Gauge,
    Counter,
}
