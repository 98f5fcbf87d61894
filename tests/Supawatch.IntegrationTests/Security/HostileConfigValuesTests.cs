using System.Runtime.Versioning;
using System.Text.Json;
using CsCheck;
using Supawatch.Alerting;
using Supawatch.Cli;
using Supawatch.Configuration;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Tests.Security;
using Supawatch.Validation;
using YamlDotNet.Serialization;

namespace Supawatch.IntegrationTests.Security;

/// <summary>
/// Hostile configuration values through <c>config render</c> and the real validators. Values the validator accepts
/// — URLs and addresses with quotes, backslashes, <c>{{ }}</c>, YAML indicators, non-Latin text, 10 KB; SMTP user and
/// password with anything at all, line breaks and NUL included — give files that amtool and promtool accept and that
/// carry each value unchanged. Values it refuses (a line break or NUL in a URL or address, a quote in an
/// organization id, a non-http status page) fail with an error naming the variable and never the secret.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class HostileConfigValuesTests : IDisposable
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();
    private readonly string _root = TempDirectory.Create("hostilecfg");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Hand-picked accepted cases, then generated ones (fixed seed).</summary>
    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Accepted().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Render_HostileValuesTheValidatorAccepts_PassAmtoolAndPromtoolAndCarryEachValue(int index)
    {
        var amtool = RequiredTool.Find("amtool", "prometheus-alertmanager");
        var promtool = RequiredTool.Find("promtool", "prometheus");
        var environment = Accepted()[index];
        var configuration = SupawatchConfiguration.Build(null, environment);
        Assert.Empty(ConfigurationValidator.Validate(configuration));

        var errors = new StringWriter();
        var exit = await ConfigCommand.RenderAsync(configuration, _root, TextWriter.Null, errors, CancellationToken.None);

        Assert.True(exit == ExitCodes.Ok, errors.ToString());
        var alertmanager = Path.Combine(_root, "alerts", "alertmanager.yml");
        var rules = Path.Combine(_root, "alerts", "alerting_rules.yml");
        var amcheck = await ProcessRunner.TryRunAsync(amtool, ["check-config", alertmanager]);
        Assert.True(amcheck.ExitCode == 0, amcheck.Describe());
        var promcheck = await ProcessRunner.TryRunAsync(promtool, ["check", "rules", rules]);
        Assert.True(promcheck.ExitCode == 0, promcheck.Describe());

        var file = Yaml.Deserialize<Dictionary<object, object>>(await File.ReadAllTextAsync(alertmanager));
        var critical = ((List<object>)file["receivers"]).Cast<Dictionary<object, object>>().Single(r => (string)r["name"] == "critical");
        Assert.Equal(environment["SLACK_WEBHOOK_URL"], Field(critical, "slack_configs", "api_url"));
        Assert.Equal(environment["DISCORD_WEBHOOK_URL"], Field(critical, "discord_configs", "webhook_url"));
        Assert.Equal(environment["WEBHOOK_URL"].Split(','), ((List<object>)critical["webhook_configs"]).Select(w => (string)((Dictionary<object, object>)w)["url"]));
        Assert.Equal(environment["SMTP_PASS"], Field(critical, "email_configs", "auth_password"));
        Assert.Equal(environment["SMTP_USER"].Trim(), Field(critical, "email_configs", "auth_username"));
        var heartbeat = ((List<object>)file["receivers"]).Cast<Dictionary<object, object>>().Single(r => (string)r["name"] == AlertmanagerConfig.HeartbeatReceiver);
        Assert.Equal(environment["SUPAWATCH_HEARTBEAT_URL"], Field(heartbeat, "webhook_configs", "url"));
    }

    [Theory]
    [InlineData("WEBHOOK_URL", "https://hooks.example.com/s3cr3t\nb: injected")]
    [InlineData("SLACK_WEBHOOK_URL", "https://hooks.slack.com/s3cr3t\"\r\napi_url: https://evil.example")]
    [InlineData("DISCORD_WEBHOOK_URL", "https://discord.example/api/s3cr3t\0hook")]
    [InlineData("WEBHOOK_URL (entry 2 of 2)", "https://ok.example/one,https://bad.example/s3cr3t\ttwo")]
    [InlineData("ADMIN_EMAIL", "ops@example.com\0")]
    [InlineData("ADMIN_EMAIL", "ops\n@example.com")]
    [InlineData("SMTP_FROM", "alerts@example.com\u0001")]
    [InlineData("GRAFANA_URL", "https://grafana.example.com/\n{{ .x }}")]
    [InlineData("DISCORD_WEBHOOK_URL", "https://discord.example/api/s3cr3t%zz")]
    [InlineData("SUPAWATCH_STATUS_PAGE_URL", "javascript:alert(document.domain)")]
    [InlineData("SUPAWATCH_HEARTBEAT_URL", "https://hc-ping.example.com/s3cr3t\nurl: https://evil.example")]
    [InlineData("PROMETHEUS_EXTERNAL_URL", "ftp://prometheus.example.com/")]
    [InlineData("ALERTMANAGER_EXTERNAL_URL", "https://alertmanager.example.com/\n{{ .x }}")]
    [InlineData("SUPAWATCH_ALERTMANAGER_PEERS (or --alertmanager-peer)", "am-2:9094\n  - --web.listen-address=0.0.0.0:9093")]
    [InlineData("SUPAWATCH_ALERTMANAGER_PEERS (or --alertmanager-peer)", "am-2:9094,\"am-3\":9094")]
    [InlineData("SUPAWATCH_ALERTMANAGER_PEERS (or --alertmanager-peer)", "am-2:9094 --cluster.peer=10.9.9.9:1")]
    [InlineData("SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN", "0.0.0.0:9094\0")]
    public void Validate_HostileValueItRefuses_NamesTheVariableAndNeverTheSecret(string variable, string value)
    {
        var environment = Baseline();
        environment[variable.Split(' ')[0]] = value;

        var errors = ConfigurationValidator.Validate(SupawatchConfiguration.Build(null, environment));

        var error = Assert.Single(errors);
        Assert.StartsWith(variable + ":", error, StringComparison.Ordinal);
        Assert.DoesNotContain(error, char.IsControl);
        // The webhook URLs are secrets: their tokens (s3cr3t here) never appear in an error.
        Assert.DoesNotContain("s3cr3t", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OrganizationIdWithAQuote_IsRefusedNamingTheKey()
    {
        var file = Path.Combine(_root, "supawatch.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new { Alerting = new { OrgWebhooks = new Dictionary<string, string> { ["o1\",severity=\"critical"] = "https://hooks.example.com/o1" } } }));

        var errors = ConfigurationValidator.Validate(SupawatchConfiguration.Build(file, Baseline()));

        var error = Assert.Single(errors);
        Assert.StartsWith("Alerting:OrgWebhooks:o1\",severity=\"critical: an organization id may not contain a double quote", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigRender_BuiltBinaryWithALineBreakInWebhookUrl_ExitsNamingTheVariableAndWritesNothing()
    {
        const string Secret = "https://hooks.example.com/T0/secret-5f1c\nreceivers: []";
        var environment = Baseline();
        environment["WEBHOOK_URL"] = Secret;
        environment["SUPAWATCH_DATA_DIR"] = Path.Combine(_root, "data");
        var output = Path.Combine(_root, "out");

        var result = await ProcessRunner.TryRunAsync("dotnet", [SecretsNeverShownTests.SupawatchDll(), "config", "render", "--out", output], TimeSpan.FromSeconds(60), environment);

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains("WEBHOOK_URL", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-5f1c", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "alerts", "alertmanager.yml")));
    }

    private static string? Field(Dictionary<object, object> receiver, string list, string key) =>
        ((Dictionary<object, object>)((List<object>)receiver[list]).Single()).TryGetValue(key, out var value) ? (string?)value : null;

    private static Dictionary<string, string> Baseline() => new(StringComparer.Ordinal)
    {
        ["SLACK_WEBHOOK_URL"] = "https://hooks.example.com/services/slack",
        ["ADMIN_EMAIL"] = "ops@example.com",
        ["SMTP_HOST"] = "smtp.example.com:587",
    };

    private static List<Dictionary<string, string>> Accepted()
    {
        var cases = new List<Dictionary<string, string>>
        {
            Case("\"quoted\"/back\\slash/'single'", "{{ template \"x\" }}", "東京/São Paulo/العربية/\u202Eevil", "x\",org_id=\"1", "p\"a\\s\ns\0w\r\nord: {{ .x }}"),
            Case("{{.Foo}}/#frag/|pipe/&anchor/*alias/!!tag/%25/?q=a:b", "}}{{{", "---/.../~/null/true/0x1F", "- item\n: value", "\u0085\u2028\uFEFF"),
            Case(new string('A', 10 * 1024), new string('B', 10 * 1024), new string('C', 2 * 1024), new string('D', 10 * 1024), new string('E', 10 * 1024)),
        };

        // Generated: hostile text with whitespace and control characters taken out where the validator refuses them.
        var pcg = new PCG(1, HostileText.DefaultSeed);
        var text = HostileText.TextOrLong();
        for (var i = 0; i < 5; i++)
        {
            cases.Add(Case(text.Generate(pcg, null, out _), text.Generate(pcg, null, out _), text.Generate(pcg, null, out _), text.Generate(pcg, null, out _), text.Generate(pcg, null, out _)));
        }

        return cases;
    }

    private static string Clean(string text) =>
        new string(text.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && c is not (',' or '@')).ToArray()).Replace("%", "%25", StringComparison.Ordinal);

    // URL and address parts lose whitespace and control characters (the validator refuses them); user and password keep all.
    private static Dictionary<string, string> Case(string path, string template, string address, string user, string password)
    {
        (path, template, address) = (Clean(path), Clean(template), Clean(address));
        return new(StringComparer.Ordinal)
        {
            ["SLACK_WEBHOOK_URL"] = $"https://hooks.slack.example/{path}",
            ["DISCORD_WEBHOOK_URL"] = $"https://discord.example/api/webhooks/{template}",
            ["WEBHOOK_URL"] = $"https://hooks.example.com/{path},https://hooks.example.com/{template}",
            ["ADMIN_EMAIL"] = $"a{address}@example.com",
            ["SMTP_HOST"] = "smtp.example.com:587",
            ["SMTP_USER"] = "u" + user,
            ["SMTP_PASS"] = "p" + password,
            ["SMTP_FROM"] = $"f{template.Replace("@", "", StringComparison.Ordinal)}@example.com",
            ["SUPAWATCH_STATUS_PAGE_URL"] = $"https://status.example.com/{template}/{path}",
            ["GRAFANA_URL"] = $"https://grafana.example.com/{template}",
            ["SUPAWATCH_HEARTBEAT_URL"] = $"https://hc-ping.example.com/{path}",
            ["PROMETHEUS_EXTERNAL_URL"] = $"https://prometheus.example.com/{template}",
            ["ALERTMANAGER_EXTERNAL_URL"] = $"https://alertmanager.example.com/{path}",
        };
    }
}
