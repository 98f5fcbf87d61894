using System.CommandLine;
using Supawatch.Discovery;
using Supawatch.Health;
using Supawatch.Status;

namespace Supawatch.Cli;

/// <summary>
/// <c>supawatch health</c>: one discovery pass and one health round (the seed's health_monitor.sh):
/// prints a table, writes status.json, appends to the health log and the history store.
/// Exits 1 when an instance is down or a source (Docker, the master DB) failed, 0 otherwise.
/// </summary>
public static class HealthCommand
{
    private static readonly TimeSpan ConfirmationPause = TimeSpan.FromSeconds(1);

    public static Command Create() => JsonOutput.Verb("health", "One health round: print a table, write status.json, append to the health log; exit 1 if an instance is down", RunAsync);

    /// <param name="json">Print the round as the status document (status.json's schema) instead of the table.</param>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter errors, CancellationToken cancellationToken, bool json = false)
    {
        using var host = GlobalOptions.BuildOneShotHost(configuration, services => services.AddHealth(configuration).AddStatusDocument().AddSingleton(Slo.SloOptions.From(configuration)));

        var services = host.Services;
        await services.GetRequiredService<DiscoveryEngine>().ReconcileAsync("health", distrust: true, cancellationToken);
        var engine = services.GetRequiredService<HealthEngine>();
        var health = await engine.RunRoundAsync(cancellationToken);

        // Confirmation, as in serve: a change seen once is re-checked before it counts, so a cron job
        // running this verb does not page on one lost packet.
        var options = services.GetRequiredService<HealthOptions>();
        var rounds = Math.Max(options.FailureThreshold, options.SuccessThreshold);
        for (var round = 1; round < rounds && health.Instances.Any(i => i.Observed != i.Status); round++)
        {
            await Task.Delay(ConfirmationPause, cancellationToken);
            health = await engine.RunRoundAsync(cancellationToken);
        }

        if (json)
        {
            JsonOutput.Write(StatusDocumentBuilder.Build(health, TimeProvider.System.GetUtcNow(), Slo.SloOptions.From(configuration)), StatusJson.DocumentInfo, output);
        }
        else
        {
            HealthTable.Write(health, output, Terminal.Colours(output));
            output.WriteLine($"wrote {services.GetRequiredService<StatusDocumentWriter>().Path}");
        }

        var failed = health.Sources.Where(s => s.Enabled && !s.Up && s.Name != DiscoveryHealth.DockerEvents).ToList();
        foreach (var source in failed)
        {
            errors.WriteLine(source.Host is null ? $"error: {source.LastError}" : $"error: Docker host {source.Host}: {source.LastError}");
        }

        if (!health.HistoryState.Ok)
        {
            errors.WriteLine($"warning: {health.HistoryState.Error}");
        }

        // A failed source (Docker or the master DB) fails the round as it fails `discover`: a cron job must not
        // read "all is well" from a round that could not see the fleet or its expected states.
        return health.AnyCriticalDown || failed.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
