using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Supawatch.Configuration;
using Supawatch.Health;

namespace Supawatch.Status;

/// <summary>Registers the status document: built from every health round, kept for the page, written to status.json.</summary>
public static class StatusServiceCollectionExtensions
{
    /// <summary>Needs <c>AddHealth</c> (the rounds) and the storage options (<c>AddDiscovery</c>).</summary>
    public static IServiceCollection AddStatusDocument(this IServiceCollection services)
    {
        services.AddSingleton<StatusDocumentStore>();
        services.AddSingleton(sp => new StatusDocumentWriter(
            sp.GetRequiredService<StatusDocumentStore>(),
            System.IO.Path.Combine(sp.GetRequiredService<StorageOptions>().DataDir, "status.json"),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<StatusDocumentWriter>>(),
            sp.GetService<Notices.NoticeBoard>(),
            sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>() is { } configuration ? StatusPageOptions.Load(configuration, []).Notice : null,
            sp.GetService<Slo.SloOptions>()));
        services.AddSingleton<IHealthOutput>(sp => sp.GetRequiredService<StatusDocumentWriter>());
        return services;
    }

    /// <summary>With <c>AddNotices</c>: a notice change is published in status.json and on the pages at once (<c>serve</c>).</summary>
    public static IServiceCollection AddStatusNoticePublisher(this IServiceCollection services)
    {
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService, StatusNoticePublisher>();
        return services;
    }
}
