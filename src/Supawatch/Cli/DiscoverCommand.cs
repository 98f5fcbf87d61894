using System.CommandLine;
using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Cli;

/// <summary><c>supawatch discover</c>: one discovery pass (the seed's update_monitoring.sh).</summary>
public static class DiscoverCommand
{
    public static Command Create()
    {
        var command = new Command("discover", "One discovery pass: print the instances, write instances.json, reload Prometheus");
        command.SetConfiguredAction((configuration, cancellationToken) => RunAsync(configuration, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        using var host = GlobalOptions.BuildOneShotHost(configuration, services => services.AddTargets(configuration));

        var services = host.Services;
        await services.GetRequiredService<DiscoveryEngine>().ReconcileAsync("discover", distrust: true, cancellationToken);
        var snapshot = services.GetRequiredService<InventoryStore>().Current;
        InstanceTable.Write(snapshot, output);

        var storage = services.GetRequiredService<StorageOptions>();
        var targets = services.GetRequiredService<TargetsService>();
        if (await targets.WriteIfChangedAsync(snapshot, cancellationToken))
        {
            output.WriteLine($"wrote {targets.Status.TargetGroups} target groups to {storage.InstancesFile}");
        }

        foreach (var problem in targets.Status.Unscraped)
        {
            errors.WriteLine($"warning: not scraped: {problem}");
        }

        var prometheus = services.GetRequiredService<PrometheusOptions>();
        if (!string.IsNullOrWhiteSpace(prometheus.Url) && targets.Status.LastWrite is not null)
        {
            var error = await services.GetRequiredService<PrometheusReloadClient>().ReloadAsync(prometheus.Url, cancellationToken);
            output.WriteLine(error is null ? "Prometheus reloaded" : $"warning: {error}");
        }

        var failed = snapshot.Sources.Where(s => s.Enabled && !s.Up && s.Name != DiscoveryHealth.DockerEvents).ToList();
        foreach (var source in failed)
        {
            errors.WriteLine(source.Host is null ? $"error: {source.LastError}" : $"error: Docker host {source.Host}: {source.LastError}");
        }

        return failed.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
