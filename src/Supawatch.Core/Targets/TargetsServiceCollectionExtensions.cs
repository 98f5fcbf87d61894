using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Supawatch.Targets;

/// <summary>Registers the target outputs: instances.json (file_sd), the http_sd data and Prometheus reloads.</summary>
public static class TargetsServiceCollectionExtensions
{
    /// <summary>Needs <c>AddDiscovery</c> first (the inventory, the discovery options, the storage folder, the registry).</summary>
    public static IServiceCollection AddTargets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(PrometheusOptions.From(configuration));
        services.AddHttpClient<PrometheusReloadClient>();
        services.AddSingleton<TargetsService>();
        return services;
    }

    /// <summary>The writer loop, for <c>serve</c> only.</summary>
    public static IServiceCollection AddTargetsServices(this IServiceCollection services)
    {
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<TargetsService>());
        return services;
    }
}
