using Supawatch.Alerting;
using Supawatch.Cli;
using Supawatch.Configuration;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Validation;

namespace Supawatch.IntegrationTests.Alerting;

/// <summary><c>config render</c> and <c>config check</c> with the real promtool and amtool.</summary>
public sealed class ConfigRenderTests
{
    private const string SlackSecret = "https://hooks.slack.example/services/T0/B0/slack-secret";

    /// <summary>Every combination of the four channels: none, each alone, every pair and triple, all.</summary>
    public static TheoryData<int> ChannelCombinations()
    {
        var data = new TheoryData<int>();
        for (var mask = 0; mask < 16; mask++)
        {
            data.Add(mask);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ChannelCombinations))]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Render_ChannelCombination_PassesPromtoolAndAmtool(int mask)
    {
        var promtool = RequiredTool.Find("promtool", "prometheus");
        var amtool = RequiredTool.Find("amtool", "prometheus-alertmanager");
        var environment = new Dictionary<string, string>();
        if ((mask & 1) != 0)
        {
            environment["SLACK_WEBHOOK_URL"] = SlackSecret;
        }

        if ((mask & 2) != 0)
        {
            environment["DISCORD_WEBHOOK_URL"] = "https://discord.example/api/webhooks/1/discord-secret";
        }

        if ((mask & 4) != 0)
        {
            environment["ADMIN_EMAIL"] = "ops@example.com";
            environment["SMTP_HOST"] = "smtp.example.com:587";
            environment["SMTP_USER"] = "alerts@example.com";
            environment["SMTP_PASS"] = "smtp-secret";
        }

        if ((mask & 8) != 0)
        {
            environment["WEBHOOK_URL"] = "https://hooks.example/one,https://hooks.example/two";
        }

        var root = TempDirectory.Create("render");
        try
        {
            var (exit, output, errors) = await RenderAsync(root, environment);

            Assert.True(exit == ExitCodes.Ok, errors);
            Assert.DoesNotContain("not validated", errors, StringComparison.Ordinal);
            Assert.Equal(mask == 0, errors.Contains("no notification channel is configured", StringComparison.Ordinal));
            var rules = Path.Combine(root, "alerts", "alerting_rules.yml");
            var alertmanager = Path.Combine(root, "alerts", "alertmanager.yml");
            Assert.Contains(alertmanager, output, StringComparison.Ordinal);
            Assert.Equal(0, (await ProcessRunner.TryRunAsync(promtool, ["check", "rules", rules])).ExitCode);
            var check = await ProcessRunner.TryRunAsync(amtool, ["check-config", alertmanager]);
            Assert.True(check.ExitCode == 0, check.Describe());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(alertmanager));
        }
        finally
        {
            await TempDirectory.DeleteAsync(root);
        }
    }

    [Fact]
    public async Task Render_OrgWebhookFromConfigFile_PassesAmtool_AndRoutesTheOrg()
    {
        var amtool = RequiredTool.Find("amtool", "prometheus-alertmanager");
        var root = TempDirectory.Create("render");
        try
        {
            var configFile = Path.Combine(root, "supawatch.json");
            await File.WriteAllTextAsync(configFile, """{ "Alerting": { "OrgWebhooks": { "o1": "https://acme.example/alerts" } } }""");
            var configuration = SupawatchConfiguration.Build(configFile, new Dictionary<string, string> { ["SLACK_WEBHOOK_URL"] = SlackSecret });
            Assert.Empty(ConfigurationValidator.Validate(configuration));

            var exit = await ConfigCommand.RenderAsync(configuration, root, TextWriter.Null, TextWriter.Null, CancellationToken.None);

            Assert.Equal(ExitCodes.Ok, exit);
            var alertmanager = Path.Combine(root, "alerts", "alertmanager.yml");
            Assert.Equal(0, (await ProcessRunner.TryRunAsync(amtool, ["check-config", alertmanager])).ExitCode);
            var routes = await ProcessRunner.TryRunAsync(amtool, ["config", "routes", "test", $"--config.file={alertmanager}", "--verify.receivers=org-o1,critical", "org_id=o1", "severity=critical"]);
            Assert.True(routes.ExitCode == 0, routes.Describe());
        }
        finally
        {
            await TempDirectory.DeleteAsync(root);
        }
    }

    [Fact]
    public async Task Render_NewFileRejectedByAmtool_KeepsTheWorkingFile_AndHidesTheSecret()
    {
        RequiredTool.Find("amtool", "prometheus-alertmanager");
        var root = TempDirectory.Create("render");
        try
        {
            var (exit, _, _) = await RenderAsync(root, new Dictionary<string, string> { ["SLACK_WEBHOOK_URL"] = SlackSecret });
            Assert.Equal(ExitCodes.Ok, exit);
            var alertmanager = Path.Combine(root, "alerts", "alertmanager.yml");
            var working = await File.ReadAllTextAsync(alertmanager);

            // Past the validator (a config file edited by hand, a bug): amtool is the last gate.
            var broken = new AlertingOptions { SlackWebhookUrl = "slack-secret-without-scheme" };
            var files = await new AlertingFiles(broken).WriteAsync(root, CancellationToken.None);

            var refused = files.Single(f => f.Path == alertmanager);
            Assert.False(refused.Written);
            Assert.Contains("amtool rejected", refused.Error, StringComparison.Ordinal);
            Assert.Contains("previous file stays in force", refused.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("slack-secret-without-scheme", refused.Error, StringComparison.Ordinal);
            Assert.Equal(working, await File.ReadAllTextAsync(alertmanager));
            Assert.Empty(Directory.GetFiles(Path.Combine(root, "alerts"), ".*.tmp"));
        }
        finally
        {
            await TempDirectory.DeleteAsync(root);
        }
    }

    [Fact]
    public async Task Render_NeverTouchesAUsersRules_AndCheckNamesTheFileAndLineOfABrokenOne()
    {
        RequiredTool.Find("promtool", "prometheus");
        RequiredTool.Find("amtool", "prometheus-alertmanager");
        var root = TempDirectory.Create("render");
        try
        {
            var alerts = Directory.CreateDirectory(Path.Combine(root, "alerts")).FullName;
            var mine = Path.Combine(alerts, "mine_rules.yml");
            const string Broken = "groups:\n- name: mine\n  rules:\n  - alert: Mine\n    expr: up ==\n";
            await File.WriteAllTextAsync(mine, Broken);

            var (exit, _, _) = await RenderAsync(root, new Dictionary<string, string>());
            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Equal(Broken, await File.ReadAllTextAsync(mine));

            var output = new StringWriter();
            var errors = new StringWriter();
            var checkExit = await ConfigCommand.CheckAsync(SupawatchConfiguration.Build(null, new Dictionary<string, string>()), root, output, errors, CancellationToken.None);

            Assert.Equal(ExitCodes.Failed, checkExit);
            Assert.Contains($"ok {Path.Combine(alerts, "alerting_rules.yml")}", output.ToString(), StringComparison.Ordinal);
            Assert.Contains($"ok {Path.Combine(alerts, "alertmanager.yml")}", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("mine_rules.yml", errors.ToString(), StringComparison.Ordinal);
            Assert.Matches(@"\b5:\d+", errors.ToString());
        }
        finally
        {
            await TempDirectory.DeleteAsync(root);
        }
    }

    private static async Task<(int Exit, string Output, string Errors)> RenderAsync(string root, Dictionary<string, string> environment)
    {
        var configuration = SupawatchConfiguration.Build(null, environment);
        Assert.Empty(ConfigurationValidator.Validate(configuration));
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await ConfigCommand.RenderAsync(configuration, root, output, errors, CancellationToken.None);
        return (exit, output.ToString(), errors.ToString());
    }
}
