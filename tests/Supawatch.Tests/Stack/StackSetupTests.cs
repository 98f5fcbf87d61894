using System.Text;
using Supawatch.Alerting;
using Supawatch.Common;
using Supawatch.Stack;

namespace Supawatch.Tests.Stack;

/// <summary>setup's folder: what it writes, the Grafana password, and what a re-run keeps.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StackSetupTests : IDisposable
{
    private readonly StackTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Setup_CleanFolder_WritesTheSeedsLayout()
    {
        var result = await _folder.SetupAsync();

        Assert.True(result.Ok, string.Join('\n', result.Errors));
        foreach (var file in new[]
                 {
                     StackLayout.ComposeFileName, StackLayout.PrometheusFileName, StackLayout.InstancesFile, "alerts/alerting_rules.yml",
                     "alerts/alertmanager.yml", GrafanaFiles.DatasourceFile.Insert(0, "grafana/"), "status/index.html", StackSettings.FileName,
                 })
        {
            Assert.True(File.Exists(Path.Combine(_folder.Layout.Root, file)), $"{file} missing");
        }

        Assert.True(Directory.Exists(Path.Combine(_folder.Layout.GrafanaDirectory, "dashboards")));
        Assert.All(result.Changes, c => Assert.Equal(FileChangeKind.Created, c.Kind));
    }

    [Fact]
    public async Task Setup_GeneratedPassword_IsInAFileOnlyItsOwnerCanRead_AndNeverReported()
    {
        var result = await _folder.SetupAsync();

        var password = File.ReadAllText(_folder.Layout.GrafanaPasswordFile);
        Assert.True(password.Length >= 24);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_folder.Layout.GrafanaPasswordFile));
        var report = string.Join('\n', result.Changes.Select(c => c.ToString()).Concat(result.Warnings).Concat(result.Errors));
        Assert.DoesNotContain(password, report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_Rerun_KeepsTheGeneratedPassword_AndTakesGrafanaAdminPasswordWhenSet()
    {
        await _folder.SetupAsync();
        var generated = File.ReadAllText(_folder.Layout.GrafanaPasswordFile);

        await _folder.SetupAsync();
        Assert.Equal(generated, File.ReadAllText(_folder.Layout.GrafanaPasswordFile));

        await _folder.SetupAsync(StackTestFolder.Input(grafanaPassword: "chosen-by-operator"));
        Assert.Equal("chosen-by-operator", File.ReadAllText(_folder.Layout.GrafanaPasswordFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_folder.Layout.GrafanaPasswordFile));
    }

    [Fact]
    public async Task Setup_Rerun_ChangesNothing_AndKeepsTheUsersOwnRuleFile()
    {
        await _folder.SetupAsync();
        var userRules = Path.Combine(_folder.Layout.AlertsDirectory, "my_rules.yml");
        const string Rules = "groups:\n  - name: mine\n    rules:\n      - alert: Mine\n        expr: up == 0\n";
        File.WriteAllText(userRules, Rules);

        var rerun = await _folder.SetupAsync();

        Assert.True(rerun.Ok, string.Join('\n', rerun.Errors));
        Assert.All(rerun.Changes, c => Assert.Equal(FileChangeKind.Unchanged, c.Kind));
        Assert.Equal(Rules, File.ReadAllText(userRules));
    }

    [Fact]
    public async Task Setup_Rerun_KeepsAUserEditOfAnOwnedFile_AndWritesTheNewVersionBeside()
    {
        await _folder.SetupAsync();
        var edited = _folder.Read(StackLayout.PrometheusFileName) + "# my edit\n";
        File.WriteAllText(_folder.Layout.PrometheusFile, edited);

        var rerun = await _folder.SetupAsync(StackTestFolder.Input(scrapeInterval: TimeSpan.FromSeconds(15)));

        var change = Assert.Single(rerun.Changes, c => c.Path == StackLayout.PrometheusFileName);
        Assert.Equal(FileChangeKind.KeptUserEdit, change.Kind);
        Assert.Contains("you edited it", change.ToString(), StringComparison.Ordinal);
        Assert.Equal(edited, _folder.Read(StackLayout.PrometheusFileName));
        Assert.Contains("scrape_interval: 15s", _folder.Read(StackLayout.PrometheusFileName + ".new"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_RerunWithAKeptEdit_TheSameNewVersionAgainIsNoChange()
    {
        await _folder.SetupAsync();
        File.AppendAllText(_folder.Layout.PrometheusFile, "# my edit\n");
        var input = StackTestFolder.Input(scrapeInterval: TimeSpan.FromSeconds(15));

        var first = await _folder.SetupAsync(input);
        var again = await _folder.SetupAsync(input);

        Assert.True(first.Changes.Single(c => c.Path == StackLayout.PrometheusFileName).IsChange, "a new FILE.new is news");
        var kept = again.Changes.Single(c => c.Path == StackLayout.PrometheusFileName);
        Assert.Equal(FileChangeKind.KeptUserEdit, kept.Kind);
        Assert.False(kept.IsChange, "the same FILE.new again must not count as a change (it restarted every component each run)");
        Assert.DoesNotContain(again.Changes, c => c.IsChange);
    }

    [Fact]
    public async Task Setup_RecordedVariables_SecretsOnlyInOwnerOnlyFiles_OthersInStackJson()
    {
        var variables = new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///srv/podman.sock", ["MASTER_DB_URL"] = "postgresql://u:master-secret@db:5432/m" };
        var input = StackTestFolder.Input() is var plain
            ? plain with { Settings = plain.Settings with { Variables = RecordedVariables.Public(variables), SecretVariables = RecordedVariables.SecretNames(variables) }, Variables = variables }
            : plain;

        var result = await _folder.SetupAsync(input);

        Assert.True(result.Ok, string.Join('\n', result.Errors));
        var stackJson = _folder.Read(StackSettings.FileName);
        Assert.Contains("unix:///srv/podman.sock", stackJson, StringComparison.Ordinal);
        Assert.Contains("\"MASTER_DB_URL\"", stackJson, StringComparison.Ordinal);
        Assert.DoesNotContain("master-secret", stackJson, StringComparison.Ordinal);
        foreach (var file in new[] { _folder.Layout.SecretVariablesFile, _folder.Layout.SupawatchEnvFile })
        {
            Assert.Contains("master-secret", File.ReadAllText(file), StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var settings = StackSettings.Load(_folder.Layout.Root)!;
        Assert.Equal(variables, RecordedVariables.Load(_folder.Layout, settings));
    }

    [Fact]
    public async Task Setup_RerunWithNewSettings_UpdatesItsOwnUneditedFiles_AndForceOverwritesEdits()
    {
        await _folder.SetupAsync();
        var rerun = await _folder.SetupAsync(StackTestFolder.Input(scrapeInterval: TimeSpan.FromSeconds(15)));
        Assert.Equal(FileChangeKind.Updated, rerun.Changes.Single(c => c.Path == StackLayout.PrometheusFileName).Kind);

        File.AppendAllText(_folder.Layout.PrometheusFile, "# my edit\n");
        var forced = await _folder.SetupAsync(StackTestFolder.Input(scrapeInterval: TimeSpan.FromSeconds(20)), force: true);

        Assert.Equal(FileChangeKind.Updated, forced.Changes.Single(c => c.Path == StackLayout.PrometheusFileName).Kind);
        Assert.DoesNotContain("# my edit", _folder.Read(StackLayout.PrometheusFileName), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_RenderedPrometheusYml_PassesPromtoolCheckConfig()
    {
        if (ToolPath.Find("promtool") is null)
        {
            Assert.Fail("promtool is not installed: install the Debian package prometheus (bash scripts/install-test-deps.sh)");
        }

        foreach (var runtime in new[] { StackRuntime.Native, StackRuntime.Docker })
        {
            var result = await _folder.SetupAsync(StackTestFolder.Input(runtime), force: true);
            Assert.True(result.Ok, string.Join('\n', result.Errors));
            Assert.DoesNotContain(result.Warnings, w => w.Contains("not validated", StringComparison.Ordinal));
            var check = await new ConfigChecker([]).CheckPrometheusAsync(_folder.Layout.PrometheusFile, CancellationToken.None);
            Assert.True(check.Ran && check.Ok, check.Output);
        }
    }

    [Fact]
    public async Task Setup_BrokenUserRuleFile_FailsNamingPromtoolAndTheFile()
    {
        if (ToolPath.Find("promtool") is null)
        {
            Assert.Fail("promtool is not installed: install the Debian package prometheus (bash scripts/install-test-deps.sh)");
        }

        Directory.CreateDirectory(_folder.Layout.AlertsDirectory);
        File.WriteAllText(Path.Combine(_folder.Layout.AlertsDirectory, "broken_rules.yml"), "groups:\n  - name: x\n    rules:\n      - alert: Bad\n        expr: up ==\n");

        var result = await _folder.SetupAsync();

        var error = Assert.Single(result.Errors);
        Assert.Contains("promtool", error, StringComparison.Ordinal);
        Assert.Contains("broken_rules.yml", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_UnwritableFolder_FailsNamingTheFolder()
    {
        var file = Path.Combine(_folder.Layout.Root, "not-a-folder");
        File.WriteAllText(file, "");

        var result = await new StackSetup(new StackLayout(Path.Combine(file, "monitoring"))).RunAsync(StackTestFolder.Input(), force: false, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Contains("cannot write the monitoring folder", error, StringComparison.Ordinal);
        Assert.Contains("--dir", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_RerunOnceTheRepositoryShipsADatasource_RemovesTheFallbackOne()
    {
        await _folder.SetupAsync();
        var fallback = Path.Combine(_folder.Layout.GrafanaDirectory, GrafanaFiles.DatasourceFile);
        Assert.True(File.Exists(fallback));
        var shipped = new GrafanaAsset("provisioning/datasources/prometheus.yml", Encoding.UTF8.GetBytes("datasources:\n  - url: http://prometheus:9090\n"));

        var rerun = await _folder.SetupAsync(StackTestFolder.Input(grafana: [shipped]));

        Assert.Equal(FileChangeKind.Removed, rerun.Changes.Single(c => c.Path == "grafana/" + GrafanaFiles.DatasourceFile).Kind);
        Assert.False(File.Exists(fallback));
        Assert.True(File.Exists(Path.Combine(_folder.Layout.GrafanaDirectory, "provisioning/datasources/prometheus.yml")));
    }

    [Fact]
    public async Task Setup_ShippedGrafanaTree_IsCopied_WithTheNativePrometheusUrl()
    {
        var datasource = new GrafanaAsset("provisioning/datasources/prometheus.yml", Encoding.UTF8.GetBytes("datasources:\n  - url: http://prometheus:9090\n"));
        var dashboard = new GrafanaAsset("dashboards/overview.json", Encoding.UTF8.GetBytes("{\"title\":\"Supabase Overview\"}"));

        var result = await _folder.SetupAsync(StackTestFolder.Input(grafana: [datasource, dashboard]));

        Assert.True(result.Ok, string.Join('\n', result.Errors));
        Assert.Contains("url: http://127.0.0.1:9090", _folder.Read("grafana/provisioning/datasources/prometheus.yml"), StringComparison.Ordinal);
        Assert.Equal("{\"title\":\"Supabase Overview\"}", _folder.Read("grafana/dashboards/overview.json"));
        Assert.False(File.Exists(Path.Combine(_folder.Layout.GrafanaDirectory, GrafanaFiles.DatasourceFile)), "a second datasource would clash with the shipped one");
    }
}
