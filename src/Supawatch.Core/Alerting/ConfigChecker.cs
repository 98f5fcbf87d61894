using Supawatch.Common;

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

    private async Task<ConfigCheckResult> RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var path = ToolPath.Find(tool);
        if (path is null)
        {
            return new ConfigCheckResult(tool, Ran: false, Ok: true, $"{tool} is not installed; not validated");
        }

        var outcome = await BoundedProcess.RunAsync(path, arguments, Timeout, cancellationToken);
        return outcome.TimedOut
            ? new ConfigCheckResult(tool, Ran: true, Ok: false, $"{tool} did not finish within {Timeout.TotalSeconds} s")
            : new ConfigCheckResult(tool, Ran: true, Ok: outcome.ExitCode == 0, Scrub(outcome.Output.Trim()));
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
