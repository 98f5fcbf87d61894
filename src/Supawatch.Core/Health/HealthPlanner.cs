using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Health;

/// <summary>
/// Turns the inventory into the round's checks: a container check for every container, an HTTP check for
/// each HTTP component (Kong, Studio) and a PostgreSQL check for each <c>_db</c>, through their published ports.
/// </summary>
public sealed class HealthPlanner(HealthOptions options, string targetHost)
{
    private const string Database = "db";

    // The private ports Supabase images listen on; any published TCP port is used when these are absent.
    private static readonly Dictionary<string, int> PreferredPorts = new(StringComparer.Ordinal)
    {
        ["kong"] = 8000,
        ["studio"] = 3000,
        [Database] = 5432,
    };

    private readonly IReadOnlyDictionary<string, string> _httpPaths = options.HttpPaths;

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
                    checks.Add(new HealthCheck(instance.InstanceId, container.Component, CheckNames.Http, container, AddressOf(container), path));
                }
                else if (string.Equals(container.Component, Database, StringComparison.Ordinal))
                {
                    checks.Add(new HealthCheck(instance.InstanceId, container.Component, CheckNames.Postgres, container, AddressOf(container)));
                }
            }
        }

        return checks;
    }

    private string? AddressOf(ContainerInfo container)
    {
        var tcp = container.Ports.Where(p => string.Equals(p.Protocol, "tcp", StringComparison.OrdinalIgnoreCase) && p.HostPort > 0).ToList();
        if (tcp.Count == 0)
        {
            return null;
        }

        var port = PreferredPorts.TryGetValue(container.Component, out var preferred)
            ? tcp.FirstOrDefault(p => p.PrivatePort == preferred) ?? tcp[0]
            : tcp[0];
        return ScrapeTargets.Address(port, targetHost);
    }
}
