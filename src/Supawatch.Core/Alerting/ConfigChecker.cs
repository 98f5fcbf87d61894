using System.Diagnostics;

namespace Supawatch.Alerting;

/// <summary>
/// Runs the real validators, <c>promtool check rules</c> and <c>amtool check-config</c>, when they are on PATH.
/// Their output is returned with any secret replaced by <c>***</c> (amtool can quote a URL it rejects).
/// </summary>
public sealed class ConfigChecker(IReadOnlyList<string> secrets)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public Task<ConfigCheckResult> CheckRulesAsync(string path, CancellationToken cancellationToken) =>
        RunAsync("promtool", ["check", "rules", path], cancellationToken);

    /// <summary><c>promtool check config</c>: prometheus.yml and every rule file it names.</summary>
    public Task<ConfigCheckResult> CheckPrometheusAsync(string path, CancellationToken cancellationToken) =>
        RunAsync("promtool", ["check", "config", path], cancellationToken);

    public Task<ConfigCheckResult> CheckAlertmanagerAsync(string path, CancellationToken cancellationToken) =>
        RunAsync("amtool", ["check-config", path], cancellationToken);

    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private async Task<ConfigCheckResult> RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var path = FindTool(tool);
        if (path is null)
        {
            return new ConfigCheckResult(tool, Ran: false, Ok: true, $"{tool} is not installed; not validated");
        }

        var startInfo = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new ConfigCheckResult(tool, Ran: true, Ok: false, $"{tool} did not finish within {Timeout.TotalSeconds} s");
        }

        var output = Scrub((await stdout + await stderr).Trim());
        return new ConfigCheckResult(tool, Ran: true, Ok: process.ExitCode == 0, output);
    }

    private string Scrub(string text)
    {
        foreach (var secret in secrets.Where(s => s.Length >= 4).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
