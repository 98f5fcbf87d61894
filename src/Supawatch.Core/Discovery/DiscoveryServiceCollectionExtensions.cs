using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supawatch.Configuration;
using Supawatch.Docker;
using Supawatch.Instances;
using Supawatch.MasterDb;
using Supawatch.Common;

namespace Supawatch.Discovery;

/// <summary>Registers discovery: sources, the engine and the loop. The target outputs are <c>AddTargets</c>.</summary>
public static class DiscoveryServiceCollectionExtensions
{
    /// <summary>Registers everything discovery needs; <see cref="AddDiscoveryServices"/> adds the background loops.</summary>
    public static IServiceCollection AddDiscovery(this IServiceCollection services, IConfiguration configuration)
    {
        var discovery = DiscoveryOptions.From(configuration);
        var masterDb = MasterDbOptions.From(configuration);

        services.AddSingleton(discovery).AddSingleton(masterDb).AddInventory(configuration);
        services.AddSingleton<TargetsPreview>();
        // Validation ran before the host was built; this only fails if it was skipped.
        var hostErrors = new List<string>();
        var hostSpecs = discovery.HostSpecs(hostErrors);
        if (hostErrors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", hostErrors));
        }

        var parser = new ContainerNameParser(discovery.ComponentList);
        services.AddSingleton(parser);
        services.AddSingleton(_ => new DockerHostSet(hostSpecs.Select(spec => new DockerHostConnection(spec, parser, discovery))));
        // What other concepts read containers through (stats, tenant DB logins): the readers, not discovery's connections.
        services.AddSingleton<IDockerReaders>(sp => sp.GetRequiredService<DockerHostSet>());
        // supawatch demo registers its simulated fleet's metadata before this runs; it stands where the master DB would.
        var metadataSource = services.Any(d => d.ServiceType == typeof(IInstanceMetadataSource));
        services.AddSingleton(new DiscoveryHealth(masterDb.IsEnabled || metadataSource, [.. hostSpecs.Select(h => h.Name)]));
        services.AddSingleton<DiscoveryMetrics>();
        services.AddSingleton(_ => Channel.CreateUnbounded<DiscoveryWork>(new UnboundedChannelOptions { SingleReader = true }));
        // The first host's parts, for callers that talk to one engine (benchmarks); the set owns and disposes them.
        services.AddSingleton(sp => sp.GetRequiredService<DockerHostSet>().All[0].Client);
        services.AddSingleton(sp => sp.GetRequiredService<DockerHostSet>().All[0].Source);
        if (!metadataSource && masterDb.IsEnabled && PostgresUri.TryParse(masterDb.Url, out var connection, out _))
        {
            services.AddSingleton<IInstanceMetadataSource>(new MasterDbSource(connection, masterDb.Query, masterDb.Timeout));
        }

        services.AddSingleton(sp => new DiscoveryEngine(
            sp.GetRequiredService<DockerHostSet>(),
            sp.GetService<IInstanceMetadataSource>(),
            PostgresUri.Redact(masterDb.Url),
            sp.GetRequiredService<DiscoveryHealth>(),
            sp.GetRequiredService<InventoryStore>(),
            discovery,
            sp.GetRequiredService<DiscoveryMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DiscoveryEngine>>(),
            sp.GetRequiredService<TargetsPreview>()));
        services.AddSingleton<IReadOnlyList<DockerEventWatcher>>(sp => [.. sp.GetRequiredService<DockerHostSet>().All.Select(host => new DockerEventWatcher(
            host.Name,
            host.Client,
            sp.GetRequiredService<Channel<DiscoveryWork>>().Writer,
            sp.GetRequiredService<DiscoveryHealth>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DockerEventWatcher>>()))]);
        return services;
    }

    /// <summary>
    /// The inventory discovery writes and what every concept's registration reads beside it: the storage folder, the clock
    /// and the metrics registry. Each only if absent, so <c>AddDiscovery</c> and <c>AddHealth</c> (built alone by its
    /// tests) both call it, in either order, and a host's own clock or registry stays.
    /// </summary>
    public static IServiceCollection AddInventory(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(StorageOptions.From(configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => SupawatchRegistry.Create());
        services.TryAddSingleton<InventoryStore>();
        return services;
    }

    /// <summary>The long-running loops, for <c>serve</c> only.</summary>
    public static IServiceCollection AddDiscoveryServices(this IServiceCollection services)
    {
        services.AddSingleton<DiscoveryService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DiscoveryService>());
        return services;
    }
}
