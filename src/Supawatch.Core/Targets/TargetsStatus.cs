namespace Supawatch.Targets;

/// <summary>What happened to the last file_sd write and Prometheus reload.</summary>
public sealed record TargetsStatus(
    DateTimeOffset? LastWrite,
    string? WriteError,
    DateTimeOffset? LastReload,
    string? ReloadError,
    int TargetGroups)
{
    /// <summary>Containers that should be scrape targets but are not, each with what to fix (<see cref="ScrapeTargets.Unscraped"/>).</summary>
    public IReadOnlyList<string> Unscraped { get; init; } = [];
}
