using System.CommandLine;
using Prometheus;
using Supawatch.Demo;
using Supawatch.Instances;

namespace Supawatch.Cli;

/// <summary>
/// <c>supawatch demo</c>: the real service (<c>serve</c>, unchanged) watching <see cref="SimulatedFleet"/> through a
/// simulated Docker Engine on a unix socket of its own, so the status page, <c>/metrics</c> and alerts show tenants failing
/// and recovering within a minute, without a fleet. It reads no environment variable and no config file (only the
/// listen and interval flags), keeps its data in a temporary folder it removes, and never touches a real engine. It says
/// it is simulated everywhere it shows: the log, the status page's banner, and the <c>host="simulated"</c> label and
/// <c>supawatch_simulated_fleet</c> series on <c>/metrics</c>.
/// </summary>
public static class DemoCommand
{
    private static readonly Option<int> Tenants = new("--tenants")
    {
        Description = "Healthy simulated tenants added to the seven scripted ones (0-500)",
        DefaultValueFactory = _ => 0,
    };

    public static Command Create()
    {
        var command = new Command("demo", "Run the service against a built-in simulated fleet whose tenants fail and recover on a schedule (never a real engine)");
        command.Options.Add(Tenants);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Tenants) is < 0 or > 500)
            {
                result.AddError("--tenants must be between 0 and 500");
            }
        });
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("supawatch-demo-");
        var socket = Path.Combine(folder.FullName, "docker.sock");
        var fleet = new SimulatedFleet(parse.GetValue(Tenants), TimeProvider.System);
        await using var endpoints = new SimulatedTenantEndpoints(fleet);
        await using var engine = SimulatedEngine.Build(fleet, socket);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var schedule = Task.Run(() => fleet.RunAsync(stop.Token), CancellationToken.None);
        try
        {
            await endpoints.StartAsync(cancellationToken);
            await engine.StartAsync(cancellationToken);
            var variables = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["DOCKER_HOSTS"] = $"{SimulatedEngine.HostName}=unix://{socket}",
                ["SUPAWATCH_DATA_DIR"] = Path.Combine(folder.FullName, "data"),
                ["SUPAWATCH_LOG_DIR"] = Path.Combine(folder.FullName, "logs"),
                ["SUPAWATCH_DB_FROM_CONTAINER"] = "false",
                ["DISCOVERY_INTERVAL"] = "15",
                ["HEALTH_CHECK_INTERVAL"] = "5",
                ["SUPAWATCH_STATS_INTERVAL"] = "5",
                ["SUPAWATCH_STATUS_NOTICE"] = "Simulated fleet (supawatch demo): these organizations and tenants are not real; no real engine or database is watched.",
            };
            if (GlobalOptions.Load(parse, Console.Error, variables) is not { } configuration)
            {
                return ExitCodes.BadConfiguration;
            }

            await using var app = ServeCommand.Build(configuration, services => services.AddSingleton<IInstanceMetadataSource>(fleet));
            Prometheus.Metrics.WithCustomRegistry(app.Services.GetRequiredService<CollectorRegistry>())
                .CreateGauge("supawatch_simulated_fleet", "1: this process watches supawatch demo's simulated fleet, not a real one.")
                .Set(1);
            DemoLog.Simulated(app.Services.GetRequiredService<ILogger<SimulatedFleet>>(), fleet.InstanceCount, socket);
            await app.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        }
        finally
        {
            await stop.CancelAsync();
            await schedule;
            await engine.StopAsync(CancellationToken.None);
            folder.Delete(recursive: true);
        }
    }
}
