using System.CommandLine;
using Supawatch.Api;
using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Cli;

/// <summary><c>supawatch discover</c>: one discovery pass (the seed's update_monitoring.sh).</summary>
public static class DiscoverCommand
{
    public static Command Create() => JsonOutput.Verb("discover", "One discovery pass: print the instances, write instances.json, reload Prometheus", RunAsync);

    /// <param name="json">Print the /api/v1/instances document (its schema) instead of the table; what was written goes to stderr.</param>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter errors, CancellationToken cancellationToken, bool json = false)
    {
        using var host = GlobalOptions.BuildOneShotHost(configuration, services => services.AddTargets(configuration));

        var services = host.Services;
        await services.GetRequiredService<DiscoveryEngine>().ReconcileAsync("discover", distrust: true, cancellationToken);
        var snapshot = services.GetRequiredService<InventoryStore>().Current;
        var messages = output;
        if (json)
        {
            messages = errors;
        }
        else
        {
            InstanceTable.Write(snapshot, output);
        }

        var storage = services.GetRequiredService<StorageOptions>();
        var targets = services.GetRequiredService<TargetsService>();
        if (await targets.WriteIfChangedAsync(snapshot, cancellationToken))
        {
            messages.WriteLine($"wrote {targets.Status.TargetGroups} target groups to {storage.InstancesFile}");
        }

        foreach (var problem in targets.Status.Unscraped)
        {
            errors.WriteLine($"warning: not scraped: {problem}");
        }

        var prometheus = services.GetRequiredService<PrometheusOptions>();
        if (!string.IsNullOrWhiteSpace(prometheus.Url) && targets.Status.LastWrite is not null)
        {
            var error = await services.GetRequiredService<PrometheusReloadClient>().ReloadAsync(prometheus.Url, cancellationToken);
            messages.WriteLine(error is null ? "Prometheus reloaded" : $"warning: {error}");
        }

        if (json)
        {
            JsonOutput.Write(InstancesResponse.From(snapshot, targets.Status), ApiJson.Instances, output);
        }

        var failed = snapshot.Sources.Where(s => s.Enabled && !s.Up && s.Name != DiscoveryHealth.DockerEvents).ToList();
        foreach (var source in failed)
        {
            errors.WriteLine(source.Host is null ? $"error: {source.LastError}" : $"error: Docker host {source.Host}: {source.LastError}");
        }

        return failed.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
