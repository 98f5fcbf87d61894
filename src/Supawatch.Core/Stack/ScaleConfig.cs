using System.Text.RegularExpressions;
using Supawatch.Common;

namespace Supawatch.Stack;

/// <summary>
/// The optional parts of prometheus.yml for a larger setup: <c>remote_write</c> (one entry per organization with its
/// own tenant, one for the rest) and the external labels of a Prometheus HA pair. See docs/scaling.md.
/// </summary>
public static partial class ScaleConfig
{
    /// <summary>Adds what <paramref name="options"/> asks for to <paramref name="file"/>; nothing when none of it is set.</summary>
    public static void Apply(PrometheusFile file, StackOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PrometheusCluster))
        {
            file.Global.ExternalLabels["cluster"] = options.PrometheusCluster.Trim();
        }

        if (!string.IsNullOrWhiteSpace(options.PrometheusReplica))
        {
            file.Global.ExternalLabels["replica"] = options.PrometheusReplica.Trim();
        }

        ApplyShards(file, ShardReplicas(options));

        if (string.IsNullOrWhiteSpace(options.RemoteWriteUrl))
        {
            return;
        }

        var kind = options.RemoteWriteKind.Trim().ToLowerInvariant();
        var orgs = options.RemoteWriteOrgTenants.OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
        foreach (var (org, tenant) in orgs)
        {
            file.RemoteWrite.Add(Entry($"org-{org}", options.RemoteWriteUrl.Trim(), kind, tenant, new RelabelConfig
            {
                SourceLabels = ["org_id"],
                Regex = Quote(org),
                Action = "keep",
            }));
        }

        // Everything else, including the series that carry no org_id at all (Supawatch's own, node_exporter's).
        var rest = orgs.Count == 0 ? null : new RelabelConfig
        {
            SourceLabels = ["org_id"],
            Regex = string.Join('|', orgs.Select(o => Quote(o.Key))),
            Action = "drop",
        };
        file.RemoteWrite.Add(Entry("default", options.RemoteWriteUrl.Trim(), kind, options.RemoteWriteTenant?.Trim(), rest));
    }

    /// <summary>
    /// Sharded replicas: the <c>supawatch</c> job scrapes every replica, and the tenants' job takes its targets from every
    /// replica's <c>/sd</c> (each lists only its own shard) instead of the one local <c>instances.json</c>. Prometheus keeps
    /// an <c>http_sd</c>'s last targets while its replica restarts, so the tenants stay scraped (docs/scaling.md).
    /// </summary>
    private static void ApplyShards(PrometheusFile file, List<string> replicas)
    {
        if (replicas.Count == 0)
        {
            return;
        }

        var supawatch = file.ScrapeConfigs.Single(job => job.JobName == PrometheusConfig.SupawatchJob);
        supawatch.StaticConfigs = [new() { Targets = [.. replicas] }];
        var tenants = file.ScrapeConfigs.Single(job => job.JobName == PrometheusConfig.InstancesFileSdJob);
        tenants.FileSdConfigs = [];
        tenants.HttpSdConfigs = [.. replicas.Select(replica => new HttpSdConfig
        {
            Url = $"http://{replica}/sd",
            RefreshInterval = TimeSpan.FromSeconds(30),
            Authorization = supawatch.Authorization,
            BasicAuth = supawatch.BasicAuth,
        })];
    }

    private static List<string> ShardReplicas(StackOptions options) =>
        [.. (options.ShardReplicas ?? "").Split(',').Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Checks the remote-write and shard variables; every error names the variable or key to fix.</summary>
    public static void Validate(StackOptions options, List<string> errors)
    {
        if (ShardReplicas(options).FirstOrDefault(r => !AlertmanagerCluster.IsPeer(r)) is { } bad)
        {
            errors.Add($"SUPAWATCH_SHARD_REPLICAS: '{SafeText.Printable(bad)}' is not host:port; list each replica's metrics listener, e.g. supawatch-0:9200,supawatch-1:9200");
        }

        var kind = options.RemoteWriteKind.Trim().ToLowerInvariant();
        if (!RemoteWriteKinds.All.Contains(kind))
        {
            errors.Add($"SUPAWATCH_REMOTE_WRITE_KIND must be one of {string.Join(", ", RemoteWriteKinds.All)}");
            return;
        }

        var url = options.RemoteWriteUrl?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            if (!string.IsNullOrWhiteSpace(options.RemoteWriteTenant) || options.RemoteWriteOrgTenants.Count > 0)
            {
                errors.Add("SUPAWATCH_REMOTE_WRITE_TENANT and Stack:RemoteWriteOrgTenants need SUPAWATCH_REMOTE_WRITE_URL");
            }

            return;
        }

        if (!Uri.TryCreate(url.Replace(RemoteWriteKinds.TenantPlaceholder, "t", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add("SUPAWATCH_REMOTE_WRITE_URL must be an http:// or https:// URL, e.g. http://mimir:9009/api/v1/push");
        }

        var tenanted = !string.IsNullOrWhiteSpace(options.RemoteWriteTenant) || options.RemoteWriteOrgTenants.Count > 0;
        if (tenanted && kind == RemoteWriteKinds.Prometheus)
        {
            errors.Add("SUPAWATCH_REMOTE_WRITE_KIND=prometheus has no tenants; set it to mimir, thanos or victoriametrics, or drop the tenants");
        }

        if (kind == RemoteWriteKinds.VictoriaMetrics && tenanted && !url.Contains(RemoteWriteKinds.TenantPlaceholder, StringComparison.Ordinal))
        {
            errors.Add("SUPAWATCH_REMOTE_WRITE_URL: VictoriaMetrics takes the tenant in the path; write it as http://vminsert:8480/insert/{tenant}/prometheus/api/v1/write");
        }

        foreach (var (org, tenant) in options.RemoteWriteOrgTenants)
        {
            if (!Token().IsMatch(org) || !Token().IsMatch(tenant))
            {
                errors.Add($"Stack:RemoteWriteOrgTenants: org id and tenant must be 1-128 characters of [A-Za-z0-9_.-] (org '{SafeText.Printable(org)}')");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.RemoteWriteTenant) && !Token().IsMatch(options.RemoteWriteTenant.Trim()))
        {
            errors.Add("SUPAWATCH_REMOTE_WRITE_TENANT must be 1-128 characters of [A-Za-z0-9_.-]");
        }
    }

    private static RemoteWriteConfig Entry(string name, string url, string kind, string? tenant, RelabelConfig? relabel)
    {
        var entry = new RemoteWriteConfig { Name = name, Url = url };
        if (!string.IsNullOrEmpty(tenant))
        {
            if (RemoteWriteKinds.TenantHeader(kind) is { } header)
            {
                entry.Headers[header] = tenant;
            }
            else if (kind == RemoteWriteKinds.VictoriaMetrics)
            {
                entry.Url = url.Replace(RemoteWriteKinds.TenantPlaceholder, tenant, StringComparison.Ordinal);
            }
        }
        else if (kind == RemoteWriteKinds.VictoriaMetrics)
        {
            // VictoriaMetrics' default tenant is 0.
            entry.Url = url.Replace(RemoteWriteKinds.TenantPlaceholder, "0", StringComparison.Ordinal);
        }

        if (relabel is not null)
        {
            entry.WriteRelabelConfigs.Add(relabel);
        }

        return entry;
    }

    /// <summary>A literal for Prometheus's RE2 (anchored already): org ids are [A-Za-z0-9_.-], so only the dot needs escaping.</summary>
    private static string Quote(string value) => value.Replace(".", "\\.", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex Token();
}
