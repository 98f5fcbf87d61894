using Supawatch.IntegrationTests.Fixtures;
using Supawatch.MasterDb;

namespace Supawatch.IntegrationTests.Paging;

/// <summary>
/// The fleet issue 21's proof runs on: seven tenants of two organizations on two Docker hosts — four on a real Docker
/// Engine (<c>dk-east</c>), three on podman (<c>pm-west</c>) — each with Kong, Studio and a real PostgreSQL, and the
/// master DB holding their organizations and projects; one podman tenant is <c>suspended</c> (stopped on purpose).
/// One Studio per host opts in to scraping (label <c>supawatch.metrics_port</c>) and serves a static /metrics.
/// </summary>
public sealed class PagingFleet : IAsyncDisposable
{
    public const string DockerHostName = "dk-east";
    public const string PodmanHostName = "pm-west";

    private PagingFleet(FleetHost docker, FleetHost podman, IReadOnlyList<Tenant> tenants)
    {
        Docker = docker;
        Podman = podman;
        Tenants = tenants;
    }

    public FleetHost Docker { get; }

    public FleetHost Podman { get; }

    public IReadOnlyList<Tenant> Tenants { get; }

    /// <summary>The podman tenant whose Kong scenario b stops.</summary>
    public Tenant KongTenant => Tenants.Single(t => t.InstanceId == "ps_app_5");

    /// <summary>The tenant the master DB says is suspended.</summary>
    public Tenant Suspended => Tenants.Single(t => t.ExpectedState == "suspended");

    /// <summary><c>DOCKER_HOSTS</c> naming both engines.</summary>
    public string DockerHostsVariable => $"{Docker.Name}={Docker.DockerHost};{Podman.Name}={Podman.DockerHost}";

    public IEnumerable<Tenant> On(FleetHost host) => Tenants.Where(t => t.Host == host);

    /// <summary>Creates every container (both hosts at once) and the master DB's rows.</summary>
    public static async Task<PagingFleet> StartAsync(DockerEngineFixture engine, PodmanFixture podman, PostgresFixture masterDb)
    {
        var docker = new FleetHost(DockerHostName, engine);
        var pm = new FleetHost(PodmanHostName, podman);
        Tenant[] tenants =
        [
            new("ps_app_1", "o1", "Acme", "Shop", "active", docker),
            new("ps_app_2", "o1", "Acme", "Blog", "active", docker),
            new("ps_app_3", "o2", "Globex", "Billing", "active", docker),
            new("ps_app_4", "o2", "Globex", "Search", "active", docker),
            new("ps_app_5", "o1", "Acme", "Mobile", "active", pm),
            new("ps_app_6", "o2", "Globex", "Reports", "active", pm),
            new("ps_app_7", "o2", "Globex", "Archive", "suspended", pm),
        ];
        var fleet = new PagingFleet(docker, pm, tenants);
        try
        {
            await masterDb.ExecuteAsync(MasterDbQuery.Schema);
            await masterDb.ExecuteAsync("TRUNCATE projects, organizations; INSERT INTO organizations VALUES ('o1', 'Acme'), ('o2', 'Globex');");
            foreach (var t in tenants)
            {
                await masterDb.ExecuteAsync($"INSERT INTO projects VALUES ('{t.InstanceId}', '{t.OrgId}', '{t.Project}', '{t.ExpectedState}')");
            }

            await Task.WhenAll(fleet.CreateAsync(docker), fleet.CreateAsync(pm));
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the containers of <paramref name="tenants"/> all at once.</summary>
    public static Task StopAsync(IEnumerable<Tenant> tenants) =>
        Task.WhenAll(tenants.SelectMany(t => t.Containers.Select(t.Host.Stop)));

    /// <summary>Starts the containers of <paramref name="tenants"/> all at once.</summary>
    public static Task StartAsync(IEnumerable<Tenant> tenants) =>
        Task.WhenAll(tenants.SelectMany(t => t.Containers.Select(t.Host.Start)));

    public async ValueTask DisposeAsync()
    {
        foreach (var tenant in Tenants)
        {
            foreach (var container in tenant.Containers)
            {
                try
                {
                    await tenant.Host.Remove(container);
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
                {
                    // Never created, or the engine is down: the fixture removes whatever is left when it stops.
                }
            }
        }
    }

    /// <summary>The tenant per host whose Studio serves /metrics (label <c>supawatch.metrics_port</c>).</summary>
    public string MetricsTenantOn(FleetHost host) => host == Docker ? "ps_app_1" : "ps_app_6";

    private async Task CreateAsync(FleetHost host)
    {
        foreach (var tenant in On(host))
        {
            await host.RunHttpd(tenant.Kong, null);
            if (tenant.InstanceId == MetricsTenantOn(host))
            {
                // A container that opts in to scraping and serves real metrics: a tenant target that is up.
                var studio = await host.RunHttpd($"{tenant.InstanceId}_studio", new Dictionary<string, string> { ["supawatch.metrics_port"] = "80" });
                await File.WriteAllTextAsync(Path.Combine(studio.WwwDirectory, "metrics"), "# TYPE studio_up gauge\nstudio_up 1\n");
            }
            else
            {
                await host.RunHttpd($"{tenant.InstanceId}_studio", null);
            }

            await host.RunPostgres($"{tenant.InstanceId}_db");
        }
    }
}
