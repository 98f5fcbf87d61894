using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Health;

/// <summary>
/// Turns the inventory into the round's checks: a container check for every container, an HTTP check for
/// each HTTP component (Kong, Studio, and auth, storage, rest… when their service port is published) and a PostgreSQL
/// check for each <c>_db</c>, through their published ports; and, with <c>SUPAWATCH_API_CHECKS</c>, one API check per
/// configured service through the instance's Kong, carrying the tenant's anon key from the first of
/// <c>SUPAWATCH_API_KEY_SOURCE</c> that has one (its containers' environment, the master DB's <c>anon_key</c> column).
/// </summary>
public sealed class HealthPlanner(HealthOptions options, string targetHost)
{
    private const string Database = "db";
    private const string Kong = "kong";

    // Components probed before the service ports were known: any published TCP port will do when theirs is not published.
    private static readonly HashSet<string> AnyPort = new(StringComparer.Ordinal) { Kong, "studio", Database };

    // Where the tenant's anon key is looked for, in order; then any other container of the instance.
    private static readonly string[] KeyHolders = [Kong, "auth", "studio"];

    // The private ports Supabase images listen on; any published TCP port is used when these are absent.
    private static readonly Dictionary<string, int> PreferredPorts = new(StringComparer.Ordinal)
    {
        [Kong] = 8000,
        ["studio"] = 3000,
        [Database] = 5432,
        ["auth"] = 9999,
        ["storage"] = 5000,
        ["rest"] = 3000,
        ["pooler"] = 4000,
        ["analytics"] = 4000,
        ["meta"] = 8080,
        ["realtime"] = 4000,
    };

    private readonly IReadOnlyDictionary<string, string> _httpPaths = options.HttpPaths;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _apiPaths = options.ApiPaths;
    private readonly IReadOnlyList<string> _keySources = options.ApiKeySourceList;

    public IReadOnlyList<HealthCheck> Plan(InventorySnapshot snapshot)
    {
        var checks = new List<HealthCheck>(snapshot.ContainerCount * 2);
        foreach (var instance in snapshot.Instances)
        {
            foreach (var container in instance.Containers)
            {
                checks.Add(new HealthCheck(instance.InstanceId, container.Component, CheckNames.Container, container, null));
                if (_httpPaths.TryGetValue(container.Component, out var path))
                {
                    var address = AddressOf(container);
                    // A service whose own port is not published is left to its container check (the pooler's 6543 is no HTTP port).
                    if (address is not null || AnyPort.Contains(container.Component) || !PreferredPorts.ContainsKey(container.Component))
                    {
                        checks.Add(new HealthCheck(instance.InstanceId, container.Component, CheckNames.Http, container, address, path));
                    }
                }
                else if (string.Equals(container.Component, Database, StringComparison.Ordinal))
                {
                    checks.Add(new HealthCheck(instance.InstanceId, container.Component, CheckNames.Postgres, container, AddressOf(container)));
                }
            }

            PlanApiChecks(instance, checks);
        }

        return checks;
    }

    private void PlanApiChecks(Instance instance, List<HealthCheck> checks)
    {
        if (_apiPaths.Count == 0 || instance.Containers.FirstOrDefault(c => c.Component == Kong) is not { } kong)
        {
            return;
        }

        var key = _keySources
            .Select(source => source == "masterdb" ? instance.Metadata?.AnonKey : EnvironmentKey(instance))
            .FirstOrDefault(k => k is not null);
        var address = AddressOf(kong);
        foreach (var (service, path) in _apiPaths)
        {
            checks.Add(new HealthCheck(instance.InstanceId, service, CheckNames.Api, kong, address, path, key));
        }
    }

    private static AnonKey? EnvironmentKey(Instance instance) =>
        KeyHolders
            .Select(holder => instance.Containers.FirstOrDefault(c => c.Component == holder)?.AnonKey)
            .FirstOrDefault(k => k is not null)
        ?? instance.Containers.Select(c => c.AnonKey).FirstOrDefault(k => k is not null);

    private string? AddressOf(ContainerInfo container)
    {
        var tcp = container.Ports.Where(p => string.Equals(p.Protocol, "tcp", StringComparison.OrdinalIgnoreCase) && p.HostPort > 0).ToList();
        if (tcp.Count == 0)
        {
            return null;
        }

        var port = PreferredPorts.TryGetValue(container.Component, out var preferred)
            ? tcp.FirstOrDefault(p => p.PrivatePort == preferred) ?? (AnyPort.Contains(container.Component) ? tcp[0] : null)
            : tcp[0];
        if (port is null)
        {
            return null;
        }

        return ScrapeTargets.Address(port, targetHost);
    }
}
