using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Supawatch.Metrics;

/// <summary>Registers the tenant exporter: series, collectors and the background renderer.</summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>Needs <c>AddDiscovery</c> first (the inventory, the Docker client, the registry).</summary>
    public static IServiceCollection AddExporter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new());
        services.AddSingleton(configuration.GetSection(TenantDbOptions.Section).Get<TenantDbOptions>() ?? new());
        services.TryAddSingleton(StoppedStatesFrom(configuration));
        services.AddSingleton<ExporterSelfMetrics>();
        services.AddSingleton<ContainerStatsCollector>();
        services.AddSingleton<TenantDbCollector>();
        services.AddSingleton<MetricsRenderer>();
        return services;
    }

    /// <summary>The one "stopped on purpose" list (<c>Health:StoppedStates</c>), shared with the status page.</summary>
    public static Instances.StoppedStates StoppedStatesFrom(IConfiguration configuration) =>
        (configuration.GetSection(Health.HealthOptions.Section).Get<Health.HealthOptions>() ?? new()).StoppedStateSet;

    public static IServiceCollection AddExporterServices(this IServiceCollection services)
    {
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ContainerStatsCollector>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<TenantDbCollector>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<MetricsRenderer>());
        return services;
    }
}
