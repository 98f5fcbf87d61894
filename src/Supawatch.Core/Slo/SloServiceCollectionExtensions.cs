using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Supawatch.Metrics;

namespace Supawatch.Slo;

/// <summary>Registers the objective series for the exporter (<c>AddExporter</c> renders every <see cref="ITenantSeries"/>).</summary>
public static class SloServiceCollectionExtensions
{
    public static IServiceCollection AddSlo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(SloOptions.From(configuration));
        services.AddSingleton<SloSeries>();
        services.AddSingleton<ITenantSeries>(sp => sp.GetRequiredService<SloSeries>());
        return services;
    }
}
