using Microsoft.Extensions.Configuration;

namespace Supawatch.Stack;

/// <summary>
/// The monitoring stack's listeners and its Grafana password. Section <c>Stack</c>; ports default to the
/// contract's (Prometheus 9090, Alertmanager 9093, Grafana 3001, node_exporter 9100, Supawatch 9200 and 8080,
/// cAdvisor 8081 so the status page keeps 8080).
/// </summary>
public sealed class StackOptions
{
    public const string Section = "Stack";

    /// <summary>The <c>Stack</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static StackOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<StackOptions>() ?? new();

    /// <summary>
    /// <c>SUPAWATCH_STACK_DIR</c>: the stack's directory, set by the native runtime for the <c>serve</c> it supervises,
    /// which then reports the supervised components' restarts. Unset: no supervision metrics.
    /// </summary>
    public string? Dir { get; set; }

    /// <summary><c>SUPAWATCH_STACK_BIND</c>: the address every native component listens on and compose publishes on.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    public int PrometheusPort { get; set; } = 9090;
    public int AlertmanagerPort { get; set; } = 9093;
    public int GrafanaPort { get; set; } = 3001;
    public int NodeExporterPort { get; set; } = 9100;
    public int SupawatchPort { get; set; } = 9200;
    public int StatusPort { get; set; } = 8080;

    /// <summary>cAdvisor's published port (docker runtime only); never 8080, the status page's.</summary>
    public int CadvisorPort { get; set; } = 8081;

    /// <summary>
    /// <c>stack setup --without grafana,cadvisor</c>: optional components left out of the stack (comma-separated;
    /// see <see cref="OptionalComponents"/>), e.g. where their images cannot be had. Unset: everything runs.
    /// </summary>
    public string? Without { get; set; }

    /// <summary>The components <see cref="Without"/> may name.</summary>
    public static readonly IReadOnlyList<string> OptionalComponents = [StackComponents.Grafana, StackComponents.Cadvisor];

    /// <summary><see cref="Without"/> as a list, lower-cased, duplicates removed.</summary>
    public IReadOnlyList<string> Omitted() =>
        (Without ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToLowerInvariant()).Distinct().ToList();

    /// <summary>
    /// <c>stack setup --demo</c>: Supawatch runs <c>supawatch demo</c> (its simulated fleet) instead of <c>serve</c>, the
    /// alert rules' <c>for:</c> is <see cref="DemoRuleFor"/>, and every alert carries the external label <c>fleet="simulated"</c>.
    /// </summary>
    public bool Demo { get; set; }

    /// <summary>The rules' <c>for:</c> in a demo stack, so alerts fire within a minute of start (docs/demo.md).</summary>
    public static readonly TimeSpan DemoRuleFor = TimeSpan.FromSeconds(15);

    /// <summary><c>GRAFANA_ADMIN_PASSWORD</c>: taken instead of a generated one; a secret, never printed.</summary>
    public string? GrafanaAdminPassword { get; set; }

    /// <summary><c>SUPAWATCH_IMAGE</c>: the Supawatch image the compose file runs (built from the repo's Dockerfile).</summary>
    public string SupawatchImage { get; set; } = "supawatch:local";

    /// <summary><c>SUPAWATCH_REMOTE_WRITE_URL</c>: a long-term store Prometheus also writes to; unset renders no <c>remote_write</c>.</summary>
    public string? RemoteWriteUrl { get; set; }

    /// <summary><c>SUPAWATCH_REMOTE_WRITE_KIND</c>: how the store names tenants (see <see cref="RemoteWriteKinds"/>).</summary>
    public string RemoteWriteKind { get; set; } = RemoteWriteKinds.Prometheus;

    /// <summary><c>SUPAWATCH_REMOTE_WRITE_TENANT</c>: the tenant of everything not routed by <see cref="RemoteWriteOrgTenants"/>.</summary>
    public string? RemoteWriteTenant { get; set; }

    /// <summary>Config file <c>Stack:RemoteWriteOrgTenants:&lt;org_id&gt;</c>: series labelled with that <c>org_id</c> go to that tenant.</summary>
    public Dictionary<string, string> RemoteWriteOrgTenants { get; set; } = [];

    /// <summary><c>SUPAWATCH_PROMETHEUS_CLUSTER</c>: external label <c>cluster</c>, the same on both Prometheus of an HA pair.</summary>
    public string? PrometheusCluster { get; set; }

    /// <summary><c>SUPAWATCH_PROMETHEUS_REPLICA</c>: external label <c>replica</c>, different on each Prometheus of an HA pair.</summary>
    public string? PrometheusReplica { get; set; }

    /// <summary>
    /// <c>SUPAWATCH_SHARD_REPLICAS</c>: the metrics listener (<c>host:port</c>, comma-separated) of every sharded Supawatch
    /// replica (<c>SUPAWATCH_SHARD</c>); Prometheus scrapes each and takes the tenants' targets from each one's <c>/sd</c>.
    /// </summary>
    public string? ShardReplicas { get; set; }

    /// <summary>
    /// <c>SUPAWATCH_ALERTMANAGER_PEERS</c> (<c>stack setup --alertmanager-peer</c>, repeated): the gossip addresses
    /// (<c>host:port</c>, comma-separated) of the other Alertmanagers of a cluster. Unset: clustering off.
    /// </summary>
    public string? AlertmanagerPeers { get; set; }

    /// <summary><c>SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN</c>: where this Alertmanager gossips (<c>ip:port</c>); default <see cref="Bind"/>:9094.</summary>
    public string? AlertmanagerClusterListen { get; set; }

    /// <summary><c>SUPAWATCH_ALERTMANAGER_CLUSTER_ADVERTISE</c>: the <c>ip:port</c> the peers reach it on; default the listen address.</summary>
    public string? AlertmanagerClusterAdvertise { get; set; }
}
