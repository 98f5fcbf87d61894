using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Supawatch.Metrics;

/// <summary>Registers the tenant exporter: series, collectors and the background renderer.</summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Needs <c>AddDiscovery</c> first (the inventory, the Docker hosts, the registry) and the "stopped on purpose" list
    /// (<c>AddHealth</c> registers it; without health, <c>HealthServiceCollectionExtensions.StoppedStatesFrom</c>).
    /// </summary>
    public static IServiceCollection AddExporter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(MetricsOptions.From(configuration));
        services.AddTenantDbLogins(configuration);
        services.TryAddSingleton<RenderSignal>();
        services.AddSingleton<ExporterSelfMetrics>();
        services.AddSingleton(sp => new CgroupStatsReader(sp.GetRequiredService<MetricsOptions>().CgroupRoot));
        services.AddSingleton<ContainerStatsCollector>();
        services.AddSingleton<TenantDbCollector>();
        services.AddSingleton<MetricsRenderer>();
        return services;
    }

    /// <summary>The tenant databases' options and logins, shared by the collector and the health probe (either may come first).</summary>
    public static IServiceCollection AddTenantDbLogins(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TenantDbOptions.From(configuration));
        services.TryAddSingleton(sp => new TenantDbLogins(
            sp.GetRequiredService<TenantDbOptions>(),
            sp.GetService<Discovery.DiscoveryOptions>() ?? new(),
            sp.GetService<Docker.IDockerReaders>()));
        return services;
    }

    public static IServiceCollection AddExporterServices(this IServiceCollection services)
    {
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ContainerStatsCollector>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<TenantDbCollector>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<MetricsRenderer>());
        return services;
    }
}
