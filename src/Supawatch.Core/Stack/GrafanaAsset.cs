namespace Supawatch.Stack;

/// <summary>One file of the repository's <c>grafana/</c> tree (path relative to it, forward slashes), shipped inside the executable.</summary>
public sealed record GrafanaAsset(string Path, byte[] Content);
