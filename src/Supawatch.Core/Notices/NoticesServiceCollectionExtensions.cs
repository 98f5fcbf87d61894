using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supawatch.Configuration;
using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Notices;

/// <summary>Registers maintenance windows, incident reports, their feeds and the Alertmanager silences (for <c>serve</c>).</summary>
public static class NoticesServiceCollectionExtensions
{
    /// <summary>
    /// Call after <c>AddHealth</c>: the board replaces health's empty maintenance calendar, and reads the storage folder,
    /// clock, inventory and metrics registry it registered (<c>AddInventory</c>).
    /// </summary>
    /// <param name="alertmanagerUrl">
    /// <c>ALERTMANAGER_URL</c> as the alerting options bound it (the host passes it: notices sit below alerting);
    /// validation has already refused one that is not an http(s) URL.
    /// </param>
    public static IServiceCollection AddNotices(this IServiceCollection services, IConfiguration configuration, Uri alertmanagerUrl)
    {
        var health = HealthOptions.From(configuration);

        services.AddSingleton(sp => new NoticeBoard(
            health.HistoryFile(sp.GetRequiredService<StorageOptions>().DataDir),
            sp.GetRequiredService<InventoryStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<NoticeBoard>>()));
        services.AddSingleton<IMaintenanceCalendar>(sp => sp.GetRequiredService<NoticeBoard>());
        services.AddSingleton<NoticeFeeds>();
        services.AddSingleton(new AlertmanagerSilences(alertmanagerUrl));
        services.AddSingleton<SilenceSync>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SilenceSync>());
        return services;
    }
}
