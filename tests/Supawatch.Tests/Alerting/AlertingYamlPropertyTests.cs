using CsCheck;
using Supawatch.Alerting;
using Supawatch.Tests.Security;
using Supawatch.Tests.Stack;

namespace Supawatch.Tests.Alerting;

/// <summary>
/// For any channel values — webhook URLs, addresses, SMTP user and password, organization ids, status page and
/// Grafana URLs holding quotes, backslashes, line breaks, NUL, <c>{{ }}</c>, YAML indicators, 10 KB — the rendered
/// alertmanager.yml and alerting_rules.yml parse back (YamlDotNet) to the same values: nothing leaks into a sibling
/// key, a matcher reads back as Alertmanager reads it, and a template field expands to the literal value.
/// Fixed seed; see <see cref="HostileText"/>. Real amtool/promtool check a sample in the integration tests.
/// </summary>
public class AlertingYamlPropertyTests
{
    /// <summary>Non-blank hostile text without commas (the list separator of WEBHOOK_URL and ADMIN_EMAIL).</summary>
    private static Gen<string> Item(string prefix) => HostileText.TextOrLong().Select(text => prefix + text.Replace(",", "", StringComparison.Ordinal));

    public static readonly Gen<AlertingOptions> Options =
        Gen.Select(Item("s"), Item("d"), Item("w").Array[1, 3], Item("e").Array[1, 2], Item("h"), Gen.Null(HostileText.Text()), Gen.Null(HostileText.TextOrLong()), Gen.Null(Item("f")))
            .SelectMany((slack, discord, webhooks, emails, host, user, pass, from) =>
                Gen.Select(OrgIds, Item("o"), HostileText.TextOrLong(), HostileText.TextOrLong())
                    .Select((orgs, orgUrl, status, grafana) => new AlertingOptions
                    {
                        SlackWebhookUrl = slack,
                        DiscordWebhookUrl = discord,
                        WebhookUrls = string.Join(",", webhooks),
                        AdminEmail = string.Join(",", emails),
                        SmtpHost = host,
                        SmtpUser = user,
                        SmtpPass = pass,
                        SmtpFrom = from,
                        OrgWebhooks = orgs.Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => orgUrl + id, StringComparer.Ordinal),
                        StatusPageUrl = status,
                        GrafanaUrl = grafana,
                        RunbookUrl = grafana + "/runbooks.md",
                    }));

    /// <summary>Organization ids as the validator lets them through: no double quote, no control character.</summary>
    private static Gen<string[]> OrgIds => HostileText.Text()
        .Select(text => "g" + new string(text.Where(c => c != '"' && !char.IsControl(c)).ToArray()))
        .Array[0, 3];

    [Fact]
    public void AlertmanagerYaml_HostileChannelValues_ParseBackToTheSameValues()
    {
        HostileText.ForAll(Options, options =>
        {
            var yaml = StackYaml.Parse(AlertmanagerConfig.Render(AlertmanagerConfig.Build(options)));

            var receivers = StackYaml.List(yaml, "receivers").Cast<Dictionary<object, object>>().ToDictionary(r => (string)r["name"]);
            var critical = receivers[AlertmanagerConfig.CriticalReceiver];
            Assert.Equal(options.SlackWebhookUrl!.Trim(), StackYaml.Scalar(StackYaml.List(critical, "slack_configs").Single(), "api_url"));
            Assert.Equal(options.DiscordWebhookUrl!.Trim(), StackYaml.Scalar(StackYaml.List(critical, "discord_configs").Single(), "webhook_url"));
            Assert.Equal(options.WebhookUrlList, StackYaml.List(critical, "webhook_configs").Select(w => StackYaml.Scalar(w, "url")));
            var email = StackYaml.List(critical, "email_configs").Single();
            Assert.Equal(string.Join(", ", options.AdminEmailList), GoTemplateReader.Expand(StackYaml.Scalar(email, "to")!));
            Assert.Equal(options.EffectiveSmtpFrom, GoTemplateReader.Expand(StackYaml.Scalar(email, "from")!));
            Assert.Equal(options.SmtpHost!.Trim(), StackYaml.Scalar(email, "smarthost"));
            Assert.Equal(string.IsNullOrWhiteSpace(options.SmtpUser) ? null : options.SmtpUser.Trim(), StackYaml.Scalar(email, "auth_username"));
            Assert.Equal(string.IsNullOrEmpty(options.SmtpPass) ? null : options.SmtpPass, StackYaml.Scalar(email, "auth_password"));

            var routes = StackYaml.List(StackYaml.Map(yaml, "route"), "routes");
            foreach (var (orgId, url) in options.OrgWebhooks)
            {
                Assert.Equal(url, StackYaml.Scalar(StackYaml.List(receivers["org-" + orgId], "webhook_configs").Single(), "url"));
                var route = Assert.Single(routes, r => StackYaml.Scalar(r, "receiver") == "org-" + orgId);
                var matcher = (string)Assert.Single(StackYaml.List(route, "matchers"));
                Assert.Equal([("org_id", "=", orgId)], AlertmanagerMatchers.Parse(matcher));
            }
        }, iterations: 100);
    }

    [Fact]
    public void AlertingRulesYaml_HostileStatusAndGrafanaUrls_ExpandToTheLiteralUrls()
    {
        HostileText.ForAll(Options, options =>
        {
            var yaml = StackYaml.Parse(AlertRules.Render(AlertRules.Build(options)));

            // Recording rules (record:) carry no annotations or labels; the alerts are the rules with alert:.
            var rules = StackYaml.List(yaml, "groups").SelectMany(g => StackYaml.List(g, "rules")).Where(r => StackYaml.Scalar(r, "alert") is not null).ToList();
            Assert.Equal(AlertRules.All(AlertRules.Build(new AlertingOptions())).Count(), rules.Count);
            foreach (var rule in rules)
            {
                var annotations = StackYaml.Map(rule, "annotations");
                Assert.Equal(options.StatusPageUrl, GoTemplateReader.Expand(StackYaml.Scalar(annotations, "status_page")!));
                Assert.StartsWith(options.GrafanaUrl!.TrimEnd('/') + "/d/", GoTemplateReader.Expand(StackYaml.Scalar(annotations, "dashboard")!), StringComparison.Ordinal);
                Assert.Equal(Runbook.BaseUrl(options) + "#" + Runbook.Anchor(StackYaml.Scalar(rule, "alert")!), GoTemplateReader.Expand(StackYaml.Scalar(annotations, "runbook_url")!));
                Assert.Equal("severity", Assert.Single(StackYaml.Map(rule, "labels").Keys.Cast<string>()));
            }
        }, iterations: 40);
    }

    [Theory]
    [InlineData("https://grafana.example.com/{{ .x }}")]
    [InlineData("https://g/{{{{")]
    [InlineData("https://g/{}}{{")]
    [InlineData("https://g/{{ template \"x\" }}")]
    [InlineData("https://g/{{- printf \"%s\" -}}{")]
    public void GoTemplateLiteral_TemplateSyntax_ExpandsToItself(string url)
    {
        Assert.Equal(url, GoTemplateReader.Expand(GoTemplate.Literal(url)));
        Assert.Throws<FormatException>(() => GoTemplateReader.Expand(url.Replace("{{{{", "{{ x }}", StringComparison.Ordinal)));
    }

    [Fact]
    public void MatcherReader_QuoteThenComma_IsSplitAsAlertmanagerSplitsIt()
    {
        // Why the validator refuses a quote in an organization id: Alertmanager reads this as two matchers.
        var injected = Matcher.Equal("org_id", "a\",severity=\"critical");
        var error = Record.Exception(() => Assert.Single(AlertmanagerMatchers.Parse(injected)));
        Assert.NotNull(error);
        Assert.Equal([("org_id", "=", "a\\b\nc,d")], AlertmanagerMatchers.Parse(Matcher.Equal("org_id", "a\\b\nc,d")));
    }
}
