using System.CommandLine;
using Supawatch.Configuration;
using Supawatch.Stack;

namespace Supawatch.Cli;

/// <summary>
/// The <c>stack setup</c> flags that set a <c>Stack:</c> configuration key, and how the ones given now are merged
/// with the ones recorded in <c>stack.json</c> by an earlier setup.
/// </summary>
internal static class StackFlags
{
    public static readonly (Option<string?> Option, string Key)[] All =
    [
        (new("--bind") { Description = "Address the stack listens on (SUPAWATCH_STACK_BIND, default 127.0.0.1)" }, "Stack:Bind"),
        (new("--prometheus-port") { Description = "Prometheus port (default 9090)" }, "Stack:PrometheusPort"),
        (new("--alertmanager-port") { Description = "Alertmanager port (default 9093)" }, "Stack:AlertmanagerPort"),
        (new("--grafana-port") { Description = "Grafana port (default 3001)" }, "Stack:GrafanaPort"),
        (new("--node-exporter-port") { Description = "node_exporter port (default 9100)" }, "Stack:NodeExporterPort"),
        (new("--supawatch-port") { Description = "Supawatch metrics and API port (default 9200)" }, "Stack:SupawatchPort"),
        (new("--status-port") { Description = "Supawatch status page port (default 8080)" }, "Stack:StatusPort"),
        (new("--without") { Description = "Leave optional components out, comma-separated: grafana, cadvisor (e.g. where their images cannot be pulled); re-runs keep it, --without '' brings them back" }, "Stack:Without"),
        (new("--cadvisor-port") { Description = "cAdvisor port, docker runtime (default 8081)" }, "Stack:CadvisorPort"),
        (new("--alertmanager-cluster-listen") { Description = "Where Alertmanager gossips with its peers, ip:port (SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN, default <bind>:9094)" }, "Stack:AlertmanagerClusterListen"),
        (new("--alertmanager-cluster-advertise") { Description = "The ip:port the peers reach this Alertmanager on (SUPAWATCH_ALERTMANAGER_CLUSTER_ADVERTISE, default the listen address)" }, "Stack:AlertmanagerClusterAdvertise"),
    ];

    public const string PeersKey = "Stack:AlertmanagerPeers";

    public static readonly Option<string[]> AlertmanagerPeerOption = new("--alertmanager-peer")
    {
        Description = "Another Alertmanager of the cluster, host:port of its gossip listener; repeat per peer (SUPAWATCH_ALERTMANAGER_PEERS, comma-separated). None: clustering off",
    };

    public const string DemoKey = StackSettings.DemoFlag;

    /// <summary><c>--demo</c>: the stack watches <c>supawatch demo</c>'s simulated fleet (docs/demo.md); recorded, <c>--demo false</c> goes back to <c>serve</c>.</summary>
    public static readonly Option<bool> DemoOption = new("--demo")
    {
        Description = "Watch supawatch demo's simulated fleet instead of a real one (never a real engine); re-runs keep it, --demo false goes back to the real fleet",
    };

    public static List<KeyValuePair<string, string>> Given(ParseResult parse)
    {
        var given = All.Select(f => new KeyValuePair<string, string?>(f.Key, parse.GetValue(f.Option))).Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)).ToList();
        if (parse.GetResult(DemoOption) is not null)
        {
            given.Add(new(DemoKey, parse.GetValue(DemoOption) ? "true" : "false"));
        }

        if (parse.GetValue(AlertmanagerPeerOption) is { Length: > 0 } peers)
        {
            given.Add(new(PeersKey, string.Join(',', peers)));
        }

        return given;
    }

    /// <summary>
    /// The recorded setup flags updated with the ones given now. A variable set now (<c>SUPAWATCH_STACK_BIND</c>)
    /// replaces the flag recorded for the same setting, so what the user gives now always wins.
    /// </summary>
    public static SortedDictionary<string, string> Merge(IReadOnlyDictionary<string, string>? recorded, List<KeyValuePair<string, string>> given, IReadOnlyDictionary<string, string> environment, List<string> changes)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in recorded ?? new Dictionary<string, string>())
        {
            var variable = SeedVariables.NameFor(key);
            if (variable != key && environment.ContainsKey(variable))
            {
                changes.Add($"{FlagName(key)} {value}: replaced by {variable}");
                continue;
            }

            merged[key] = value;
        }

        foreach (var (key, value) in given)
        {
            if (merged.TryGetValue(key, out var before) && before == value)
            {
                continue;
            }

            if (recorded is not null)
            {
                changes.Add(before is null ? $"{FlagName(key)}: set to {value}" : $"{FlagName(key)}: {before} -> {value}");
            }

            merged[key] = value;
        }

        return merged;
    }

    public static string FlagName(string key) =>
        key == PeersKey ? AlertmanagerPeerOption.Name : key == DemoKey ? DemoOption.Name : All.FirstOrDefault(f => f.Key == key).Option?.Name ?? key;
}
