using System.CommandLine;
using Supawatch.Api;
using Supawatch.Discovery;
using Supawatch.Health;
using Supawatch.Metrics;
using Supawatch.Notices;
using Supawatch.Security;
using Supawatch.Server;
using Supawatch.Slo;
using Supawatch.Status;
using Supawatch.Targets;

namespace Supawatch.Cli;

/// <summary><c>supawatch serve</c>: discovery, exporter, health checks and status page in one process.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the service: discovery, /metrics and the API on :9200, the status page on :8080");
        command.SetConfiguredAction(async (configuration, cancellationToken) =>
        {
            var server = ServerOptions.From(configuration);
            if (ListenProbe.FirstProblem(server) is { } problem)
            {
                Console.Error.WriteLine($"error: {problem}");
                return ExitCodes.Failed;
            }

            await using var app = Build(configuration);
            try
            {
                await app.RunAsync(cancellationToken);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Taken between the probe and Kestrel's bind: still one line, not the stack trace.
                Console.Error.WriteLine($"error: {ListenProbe.FirstProblem(server) ?? ex.Message}");
                return ExitCodes.Failed;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The whole service; tests build it with their own configuration and ports.</summary>
    /// <param name="configure">Services registered before the service's own (<c>supawatch demo</c>: its simulated fleet's metadata).</param>
    public static WebApplication Build(IConfiguration configuration, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(DefaultLogging);
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddSupawatchConsole(configuration);

        var server = ServerOptions.From(configuration);
        builder.Services.AddSingleton(server);
        builder.AddListeners(server);
        builder.Services.AddSingleton(AuthCredentials.Load(configuration, []));
        configure?.Invoke(builder.Services);
        builder.Services.AddDiscovery(configuration).AddDiscoveryServices();
        builder.Services.AddTargets(configuration).AddTargetsServices();
        builder.Services.AddExporter(configuration).AddExporterServices();
        builder.Services.AddHealth(configuration).AddHealthServices();
        builder.Services.AddStatusDocument();
        builder.Services.AddNotices(configuration, Alerting.AlertingOptions.From(configuration).AlertmanagerUri);
        builder.Services.AddStatusNoticePublisher();
        builder.Services.AddSlo(configuration);

        var app = builder.Build();
        Stack.StackSupervisionMetrics.Register(app.Services.GetRequiredService<Prometheus.CollectorRegistry>(), Stack.StackOptions.From(configuration).Dir);
        app.UseListenerPaths();
        app.UseOperatorAuthentication();
        app.MapExporter();
        app.MapDiscoveryApi();
        app.MapStatusPage();
        app.MapNoticesApi();
        app.MapNoticeFeeds();
        return app;
    }

    private static readonly Dictionary<string, string?> DefaultLogging = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:System.Net.Http"] = "Warning",
    };
}
