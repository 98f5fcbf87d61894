using Supawatch.Alerting;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Alerting;

/// <summary>
/// Runs the real <c>promtool test rules</c> on alerts/tests/*.yml against freshly rendered rules: every alert
/// fires after its <c>for</c> at its threshold, and not before nor below it.
/// </summary>
public sealed class AlertRuleTests
{
    [Fact]
    public async Task PromtoolTestRules_EveryAlertsTestFile_Passes()
    {
        var promtool = RequiredTool.Find("promtool", "prometheus");
        var root = TempDirectory.Create("ruletests");
        try
        {
            var alerts = Directory.CreateDirectory(Path.Combine(root, "alerts")).FullName;
            var tests = Directory.CreateDirectory(Path.Combine(alerts, "tests")).FullName;
            await File.WriteAllTextAsync(Path.Combine(alerts, AlertRules.FileName), AlertRules.Render(AlertRules.Build(new AlertingOptions())));
            var files = Directory.GetFiles(RepositoryFiles.RuleTestsDirectory, "*.yml").Order(StringComparer.Ordinal).ToList();
            foreach (var file in files)
            {
                File.Copy(file, Path.Combine(tests, Path.GetFileName(file)));
            }

            // Two dozen files take ~20 s of CPU; on a loaded two-core machine that is more than the default minute of wall time.
            var result = await ProcessRunner.TryRunAsync(promtool, ["test", "rules", .. files.Select(f => Path.Combine(tests, Path.GetFileName(f)))], TimeSpan.FromMinutes(3));

            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Equal(files.Count, result.StandardOutput.Split("SUCCESS").Length - 1 + result.StandardError.Split("SUCCESS").Length - 1);
        }
        finally
        {
            await TempDirectory.DeleteAsync(root);
        }
    }

    [Fact]
    public void RuleTests_EveryAlert_HasATestThatExpectsItToFire()
    {
        var texts = Directory.GetFiles(RepositoryFiles.RuleTestsDirectory, "*.yml").Select(File.ReadAllText).ToList();

        // The burn-rate alerts' tests are generated from the SRE workbook's table by Slo/SloRuleTests.
        var generated = Supawatch.Slo.SloPolicy.Alerts.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(AlertRules.All(AlertRules.Build(new AlertingOptions())).Where(r => !generated.Contains(r.Alert)), rule =>
            Assert.Contains(texts, text => text.Contains($"alertname: {rule.Alert}\n", StringComparison.Ordinal)
                                           && text.Contains("exp_labels:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PromtoolTestRules_ShiftedThreshold_Fails()
    {
        // The tests can fail: the same files against rules whose memory threshold moved to 93% must not pass.
        var promtool = RequiredTool.Find("promtool", "prometheus");
        var root = TempDirectory.Create("ruletests");
        try
        {
            var alerts = Directory.CreateDirectory(Path.Combine(root, "alerts")).FullName;
            var tests = Directory.CreateDirectory(Path.Combine(alerts, "tests")).FullName;
            var moved = AlertRules.Render(AlertRules.Build(new AlertingOptions())).Replace("> 95", "> 93", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(alerts, AlertRules.FileName), moved);
            var test = Path.Combine(tests, "critical_memory_usage.yml");
            File.Copy(Path.Combine(RepositoryFiles.RuleTestsDirectory, "critical_memory_usage.yml"), test);

            var result = await ProcessRunner.TryRunAsync(promtool, ["test", "rules", test]);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("FAILED", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await TempDirectory.DeleteAsync(root);
        }
    }
}
