using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>
/// Issue 26: <c>stack setup --runtime systemd</c> as an operator runs it. The units it renders pass the real
/// <c>systemd-analyze verify</c> (run again here on the files); a secret stays out of the unit files. Where systemd is
/// not PID 1 (containers, this CI) the verbs say so and name the other runtimes instead of failing obscurely; starting
/// the units needs a host booted with systemd and is not exercised here.
/// </summary>
public sealed class SystemdRuntimeTests : IAsyncLifetime
{
    private const string Secret = "postgres://monitor:syst3md-secret@127.0.0.1:5432/postgres";
    private readonly string _root = TempDirectory.Create("systemd-runtime");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TempDirectory.DeleteAsync(_root);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task SetupNoStart_RendersUnitsThatSystemdAnalyzeVerifyAccepts_SecretOnlyInTheEnvironmentFile()
    {
        var analyze = RequiredTool.Find("systemd-analyze", "systemd");
        var cli = new StackCli(_root, new Dictionary<string, string> { ["MASTER_DB_URL"] = Secret });

        var setup = await cli.RunAsync(
            "setup", "--runtime", "systemd", "--no-start", "--without", "grafana",
            "--prometheus-port", $"{cli.PrometheusPort}", "--alertmanager-port", $"{cli.AlertmanagerPort}",
            "--node-exporter-port", $"{cli.NodeExporterPort}", "--supawatch-port", $"{cli.SupawatchPort}", "--status-port", $"{cli.StatusPort}");

        Assert.True(setup.ExitCode == 0, setup.Describe());
        Assert.Contains("systemd: 5 units in systemd/ pass systemd-analyze verify", setup.StandardOutput, StringComparison.Ordinal);
        var units = Path.Combine(cli.Directory, "systemd");
        Assert.Equal(
            ["supawatch-stack-alertmanager.service", "supawatch-stack-node-exporter.service", "supawatch-stack-prometheus.service", "supawatch-stack-supawatch.service", "supawatch-stack.target"],
            Directory.GetFiles(units).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var verify = await ProcessRunner.TryRunAsync(analyze, ["verify", .. Directory.GetFiles(units)]);
        Assert.True(verify.ExitCode == 0 && verify.StandardOutput.Length + verify.StandardError.Trim().Length == 0, verify.Describe());
        Assert.Contains($"--web.listen-address=127.0.0.1:{cli.PrometheusPort}", await File.ReadAllTextAsync(Path.Combine(units, "supawatch-stack-prometheus.service")), StringComparison.Ordinal);
        Assert.All(Directory.GetFiles(units), unit => Assert.DoesNotContain("syst3md-secret", File.ReadAllText(unit), StringComparison.Ordinal));
        var environment = Path.Combine(cli.Directory, "secrets", "systemd-supawatch.env");
        Assert.Contains($"MASTER_DB_URL=\"{Secret}\"", await File.ReadAllTextAsync(environment), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(environment));

        if (!Directory.Exists("/run/systemd/system"))
        {
            var status = await cli.RunAsync("status");
            Assert.Equal(1, status.ExitCode);
            Assert.Contains("systemd is not running as PID 1 on this host", status.StandardError, StringComparison.Ordinal);
            Assert.Contains("use --runtime native, or --runtime docker", status.StandardError, StringComparison.Ordinal);
        }
    }
}
