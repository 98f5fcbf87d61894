using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supawatch.IntegrationTests.Stack;
using YamlDotNet.RepresentationModel;

namespace Supawatch.IntegrationTests.Paging;

/// <summary>
/// What an operator looks at on a running stack set up by <see cref="StackCli"/>: Prometheus's targets and alerts,
/// and the timings the rendered files hold (the longest <c>for:</c> of every rule, Alertmanager's group timings).
/// </summary>
public static partial class StackView
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Prometheus's active targets.</summary>
    public static async Task<List<JsonElement>> TargetsAsync(StackCli cli)
    {
        var document = await Http.GetFromJsonAsync<JsonElement>(cli.PrometheusUrl + "/api/v1/targets?state=active");
        return [.. document.GetProperty("data").GetProperty("activeTargets").EnumerateArray()];
    }

    /// <summary>Targets whose last scrape was not up, as "job instance: error".</summary>
    public static async Task<List<string>> TargetsNotUpAsync(StackCli cli) =>
        [.. (await TargetsAsync(cli))
            .Where(t => t.GetProperty("health").GetString() != "up")
            .Select(t => $"{t.GetProperty("labels").GetProperty("job").GetString()} {t.GetProperty("scrapeUrl").GetString()}: {t.GetProperty("health").GetString()} {t.GetProperty("lastError").GetString()}")];

    /// <summary>Prometheus's alerts (pending and firing) as "state alertname {labels}".</summary>
    public static async Task<List<(string State, string Name, string Labels)>> AlertsAsync(StackCli cli)
    {
        var document = await Http.GetFromJsonAsync<JsonElement>(cli.PrometheusUrl + "/api/v1/alerts");
        return [.. document.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a => (
            a.GetProperty("state").GetString()!,
            a.GetProperty("labels").GetProperty("alertname").GetString()!,
            a.GetProperty("labels").GetRawText()))];
    }

    /// <summary>An instant query's raw JSON answer.</summary>
    public static async Task<string> QueryAsync(StackCli cli, string promql) =>
        await Http.GetStringAsync(cli.PrometheusUrl + "/api/v1/query?query=" + Uri.EscapeDataString(promql));

    /// <summary>The instance ids Supawatch lists on its API.</summary>
    public static async Task<string> InstancesJsonAsync(StackCli cli) =>
        await Http.GetStringAsync(cli.SupawatchUrl + "/api/v1/instances");

    /// <summary>The status page's HTML.</summary>
    public static async Task<string> StatusHtmlAsync(StackCli cli) => await Http.GetStringAsync(cli.StatusUrl + "/status");

    /// <summary>
    /// The rules about slow quantities (a database growing by more than 1 GiB an hour, transaction-ID wraparound age),
    /// with long <c>for:</c>s (15 and 10 minutes), which nothing in a test of minutes can make true: holding past their
    /// <c>for:</c> would triple the test's time. The healthy-fleet check asserts instead that they are not even pending.
    /// </summary>
    public static readonly string[] SlowBurnAlerts = ["SupabaseDatabaseGrowingFast", "SupabaseDatabaseWraparound"];

    private static readonly string[] SlowBurnSignals = ["supabase_database_size_bytes", "supabase_database_wraparound_age"];

    /// <summary>
    /// The longest <c>for:</c> of the rules in the stack's <c>alerts/*_rules.yml</c> whose expression satisfies
    /// <paramref name="expression"/> (every rule when null), leaving out the <see cref="SlowBurnAlerts"/>.
    /// </summary>
    public static TimeSpan LongestFor(StackCli cli, Func<string, bool>? expression = null)
    {
        var longest = TimeSpan.Zero;
        foreach (var file in Directory.GetFiles(Path.Combine(cli.Directory, "alerts"), "*_rules.yml"))
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(file)));
            var groups = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["groups"];
            foreach (var rule in groups.Cast<YamlMappingNode>().SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>()))
            {
                if (rule.Children.TryGetValue("for", out var duration) && rule.Children.TryGetValue("expr", out var expr)
                    && !SlowBurnSignals.Any(((YamlScalarNode)expr).Value!.Contains)
                    && (expression is null || expression(((YamlScalarNode)expr).Value!)))
                {
                    longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, ParseDuration(((YamlScalarNode)duration).Value!).Ticks));
                }
            }
        }

        return longest;
    }

    /// <summary>A timing of the root route in the rendered <c>alerts/alertmanager.yml</c>, e.g. <c>group_wait</c>.</summary>
    public static TimeSpan AlertmanagerTiming(StackCli cli, string key)
    {
        var text = File.ReadAllText(Path.Combine(cli.Directory, "alerts", "alertmanager.yml"));
        var match = Regex.Match(text, $@"(?m)^\s+{key}:\s*(\S+)\s*$");
        Assert.True(match.Success, $"alertmanager.yml has no {key}");
        return ParseDuration(match.Groups[1].Value);
    }

    /// <summary>Prometheus durations: <c>90s</c>, <c>5m</c>, <c>1h30m</c>.</summary>
    public static TimeSpan ParseDuration(string text) =>
        DurationPart().Matches(text).Aggregate(TimeSpan.Zero, (sum, m) => sum + (m.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
            "s" => TimeSpan.FromSeconds(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
            "m" => TimeSpan.FromMinutes(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
            "h" => TimeSpan.FromHours(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
            _ => TimeSpan.FromDays(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
        }));

    [GeneratedRegex(@"(\d+)(ms|s|m|h|d)")]
    private static partial Regex DurationPart();
}
