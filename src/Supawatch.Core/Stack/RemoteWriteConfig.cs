namespace Supawatch.Stack;

/// <summary>One <c>remote_write</c> entry of prometheus.yml.</summary>
public sealed class RemoteWriteConfig
{
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    public Dictionary<string, string> Headers { get; set; } = [];
    public List<RelabelConfig> WriteRelabelConfigs { get; set; } = [];
}

/// <summary>One relabel rule (here: keep or drop series by a label).</summary>
public sealed class RelabelConfig
{
    public List<string> SourceLabels { get; set; } = [];
    public string? Regex { get; set; }
    public string? Action { get; set; }
}
