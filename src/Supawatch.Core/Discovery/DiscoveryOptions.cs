using Microsoft.Extensions.Configuration;
using Supawatch.Docker;

namespace Supawatch.Discovery;

/// <summary>How Supawatch finds tenant containers. Section <c>Discovery</c>.</summary>
public sealed class DiscoveryOptions
{
    public const string Section = "Discovery";

    /// <summary>The <c>Discovery</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static DiscoveryOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<DiscoveryOptions>() ?? new();

    /// <summary>
    /// The Docker hosts to watch: <see cref="DockerHosts"/>, or the single <see cref="DockerHost"/> named <c>default</c>.
    /// The one place <c>DOCKER_HOST</c>/<c>DOCKER_HOSTS</c> are parsed (the validator and discovery both call it); every problem goes to <paramref name="errors"/>.
    /// </summary>
    public IReadOnlyList<DockerHostSpec> HostSpecs(List<string> errors) => Docker.DockerHosts.Parse(DockerHosts, DockerHost, errors);

    /// <summary>Docker Engine API endpoint (<c>DOCKER_HOST</c>): <c>unix:///path</c> or <c>tcp://host:port</c>.</summary>
    public string DockerHost { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>
    /// Several Docker hosts (<c>DOCKER_HOSTS</c>): <c>name=unix:///path;name2=tcp://host:2376|/tls/dir</c>. When set it
    /// replaces <see cref="DockerHost"/>; when empty the single <see cref="DockerHost"/> is the host <c>default</c>.
    /// </summary>
    public string? DockerHosts { get; set; }

    /// <summary>Full reconcile period (<c>DISCOVERY_INTERVAL</c>); live events fill the gaps between.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one Docker API call (list, inspect).</summary>
    public TimeSpan DockerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many containers are inspected at once during a reconcile.</summary>
    public int InspectConcurrency { get; set; } = 16;

    /// <summary>
    /// Component suffixes recognised in container names (<c>&lt;instance_id&gt;_&lt;component&gt;</c>), comma-separated
    /// in <c>SUPAWATCH_COMPONENTS</c>.
    /// </summary>
    public string Components { get; set; } =
        "kong,studio,db,auth,rest,realtime,storage,meta,pooler,supavisor,analytics,functions,imgproxy,vector";

    /// <summary>Components every instance should have; one missing is drift.</summary>
    public string ExpectedComponents { get; set; } = "kong,studio,db";

    /// <summary>
    /// Host written into scrape targets when a port is published on every address (0.0.0.0 or ::).
    /// </summary>
    public string TargetHost { get; set; } = "127.0.0.1";

    /// <summary>
    /// Kong's metrics port inside its container (<c>SUPAWATCH_KONG_METRICS_PORT</c>): set it when Kong's Prometheus plugin
    /// is on, to its Status API (8100) or Admin API (8001) port — never the proxy (8000), which serves no <c>/metrics</c>.
    /// Empty (the default, as Supabase's self-hosted Kong ships without the plugin): Kong is not a scrape target.
    /// </summary>
    public int? KongMetricsPort { get; set; }

    /// <summary>
    /// This replica's part of the fleet (<c>SUPAWATCH_SHARD</c>, <c>i/n</c>); empty for all of it. See docs/scaling.md.
    /// </summary>
    public string? Shard { get; set; }

    /// <summary><see cref="Shard"/> parsed; the whole fleet when empty (validation rejected anything else).</summary>
    public Shard ShardSpec => Discovery.Shard.TryParse(Shard, out var shard, out _) ? shard : Discovery.Shard.All;

    /// <summary>
    /// <c>SUPAWATCH_ANON_KEY_VARS</c>: environment variables of a tenant's containers that hold its anon key, in order of
    /// preference (Supabase's compose gives Kong <c>SUPABASE_ANON_KEY</c>; Studio has it too). Used by the API checks through
    /// Kong (<c>SUPAWATCH_API_CHECKS</c>) and never shown. Empty: no key is read.
    /// </summary>
    public string AnonKeyVariables { get; set; } = "SUPABASE_ANON_KEY,ANON_KEY";

    public IReadOnlyList<string> AnonKeyVariableList => Split(AnonKeyVariables);

    public IReadOnlyList<string> ComponentList => Split(Components);

    public IReadOnlyList<string> ExpectedComponentList => Split(ExpectedComponents);

    private static string[] Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
