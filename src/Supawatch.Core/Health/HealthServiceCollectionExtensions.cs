using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.History;
using Supawatch.Instances;
using Supawatch.Metrics;

namespace Supawatch.Health;

/// <summary>Registers health checking: probes, the round engine, history and outputs.</summary>
public static class HealthServiceCollectionExtensions
{
    /// <summary>Everything one round needs (used by <c>health</c> and <c>serve</c>); <see cref="AddHealthServices"/> adds the loop.</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = HealthOptions.From(configuration);
        var storage = StorageOptions.From(configuration);
        var discovery = DiscoveryOptions.From(configuration);

        services.AddSingleton(options).AddInventory(configuration);
        services.TryAddSingleton<RenderSignal>();
        services.AddSingleton<HealthStore>();
        services.AddSingleton<HealthMetrics>();
        services.AddSingleton<ITenantSeries>(sp => sp.GetRequiredService<HealthMetrics>());
        // The probe logs in as the collector does (each _db container's own login, the SUPAWATCH_DB_* variables over it) and,
        // in serve, reads through the collector's kept connection rather than opening a second one.
        services.AddTenantDbLogins(configuration);
        services.AddSingleton(sp => new PostgresProbe(sp.GetRequiredService<TenantDbLogins>(), sp.GetService<TenantDbCollector>()));
        services.AddSingleton<ProbeRunner>();
        services.TryAddSingleton(options.StoppedStateSet);
        services.AddSingleton(new StatusRollup(options));
        services.AddSingleton(new HealthPlanner(options, discovery.TargetHost));
        services.AddSingleton(sp => new HistoryRecorder(
            options.HistoryFile(storage.DataDir),
            options.Retention,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<HistoryRecorder>>()));
        services.AddSingleton(new HealthLogFile(HealthLogFile.Resolve(storage)));
        services.TryAddSingleton<IMaintenanceCalendar, NoMaintenance>();
        services.AddSingleton<HealthEngine>();
        return services;
    }

    /// <summary>The one "stopped on purpose" list (<c>Health:StoppedStates</c>), shared with the exporter and the status page.</summary>
    public static StoppedStates StoppedStatesFrom(IConfiguration configuration) =>
        HealthOptions.From(configuration).StoppedStateSet;

    /// <summary>The health loop, for <c>serve</c> only.</summary>
    public static IServiceCollection AddHealthServices(this IServiceCollection services)
    {
        services.AddSingleton<IHostedService, HealthService>();
        return services;
    }
}
