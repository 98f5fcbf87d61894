namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>The real <c>promtool</c> (Debian package prometheus).</summary>
public static class PromTool
{
    /// <summary>Runs <c>promtool check metrics</c> on an exposition and returns the problems it lists, one per line.</summary>
    public static async Task<IReadOnlyList<string>> CheckMetricsAsync(string exposition)
    {
        var promtool = RequiredTool.Find("promtool", "prometheus");
        var file = Path.Combine(TempDirectory.Create("supawatch-promtool-"), "metrics.txt");
        await File.WriteAllTextAsync(file, exposition);
        var result = await ProcessRunner.TryRunAsync("/bin/sh", ["-c", $"\"{promtool}\" check metrics < \"{file}\""]);
        return (result.StandardOutput + result.StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
