using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supawatch.Docker;

namespace Supawatch.Demo;

/// <summary>
/// The part of the Docker Engine API Supawatch reads (<c>/_ping</c>, <c>/version</c>, <c>/containers/json</c>,
/// <c>/containers/{id}/json</c>, one-shot <c>/containers/{id}/stats</c>, <c>/events</c>), served on a unix socket of its
/// own from <see cref="SimulatedFleet"/>: <c>supawatch serve</c> reads it as it reads a real engine, unchanged. Read-only:
/// every other path is 404.
/// </summary>
public static partial class SimulatedEngine
{
    public const string HostName = "simulated";

    public static WebApplication Build(SimulatedFleet fleet, string socketPath)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.ListenUnixSocket(socketPath));
        var app = builder.Build();

        // Docker clients put the API version first (/v1.44/events); the answers are the same for every version.
        app.Use((context, next) =>
        {
            if (VersionPrefix().Match(context.Request.Path.Value ?? "") is { Success: true } match)
            {
                context.Request.Path = match.Groups[1].Value;
            }

            return next(context);
        });
        app.MapGet("/_ping", () => Results.Text("OK"));
        app.MapGet("/version", () => Results.Json(
            new Dictionary<string, string> { ["Version"] = "simulated", ["ApiVersion"] = "1.44", ["Os"] = "linux" },
            SimulatedEngineJson.Default.DictionaryStringString));
        app.MapGet("/containers/json", () => Results.Json(fleet.Read(() => fleet.Containers.Select(ListEntry).ToList()), SimulatedEngineJson.Default.ListContainerListEntry));
        app.MapGet("/containers/{id}/json", (string id) => Find(fleet, id) is { } container
            ? Results.Json(fleet.Read(() => Inspect(container)), SimulatedEngineJson.Default.ContainerInspect)
            : NoSuchContainer(id));
        app.MapGet("/containers/{id}/stats", (string id) => Find(fleet, id) is { } container
            ? Results.Json(fleet.Read(() => Stats(fleet, container)), SimulatedEngineJson.Default.ContainerStatsAnswer)
            : NoSuchContainer(id));
        app.MapGet("/events", (HttpContext context) => StreamEventsAsync(fleet, context));
        return app;
    }

    private static SimulatedContainer? Find(SimulatedFleet fleet, string idOrName) =>
        fleet.ById.GetValueOrDefault(idOrName) ?? fleet.Containers.FirstOrDefault(c => c.Name == idOrName);

    private static IResult NoSuchContainer(string id) =>
        Results.Json(new Dictionary<string, string> { ["message"] = $"No such container: {id}" }, SimulatedEngineJson.Default.DictionaryStringString, statusCode: 404);

    private static Dictionary<string, string> Labels(SimulatedContainer container) => new(StringComparer.Ordinal)
    {
        ["com.docker.compose.project"] = container.InstanceId,
        ["supawatch.simulated"] = "true",
    };

    private static ContainerListEntry ListEntry(SimulatedContainer container) => new()
    {
        Id = container.Id,
        Names = ["/" + container.Name],
        Labels = Labels(container),
        State = container.Running ? "running" : "exited",
        // As the engine lists them: a stopped container lists no ports (its inspect keeps the configured ones).
        Ports = container.PrivatePort == 0 || !container.Running
            ? []
            : [new ContainerListPort { Ip = "127.0.0.1", PrivatePort = container.PrivatePort, PublicPort = container.HostPort, Type = "tcp" }],
    };

    private static ContainerInspect Inspect(SimulatedContainer container)
    {
        Dictionary<string, List<ContainerPortBinding>?>? ports = container.PrivatePort == 0
            ? null
            : new() { [$"{container.PrivatePort}/tcp"] = [new ContainerPortBinding { HostIp = "127.0.0.1", HostPort = container.HostPort.ToString(CultureInfo.InvariantCulture) }] };
        return new ContainerInspect
        {
            Id = container.Id,
            Name = "/" + container.Name,
            Created = container.StartedAt.AddDays(-30).ToString("O", CultureInfo.InvariantCulture),
            RestartCount = container.RestartCount,
            Image = "simulated/" + container.Component,
            State = new ContainerInspectState
            {
                Status = container.Running ? "running" : "exited",
                Running = container.Running,
                ExitCode = container.Running ? 0 : 137,
                StartedAt = container.StartedAt.ToString("O", CultureInfo.InvariantCulture),
                FinishedAt = container.FinishedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "0001-01-01T00:00:00Z",
            },
            Config = new ContainerInspectConfig { Image = "simulated/" + container.Component, Labels = Labels(container) },
            NetworkSettings = new ContainerInspectNetwork { Ports = container.Running ? ports : null },
            HostConfig = new ContainerInspectHostConfig { PortBindings = ports },
        };
    }

    /// <summary>A one-shot sample: the CPU counter grows with the container's steady share of a core since it started.</summary>
    private static ContainerStatsAnswer Stats(SimulatedFleet fleet, SimulatedContainer container)
    {
        var now = fleet.StartedAt + fleet.Elapsed;
        if (!container.Running)
        {
            return new ContainerStatsAnswer { Read = "0001-01-01T00:00:00Z" };
        }

        var cpuNanoseconds = (ulong)((now - container.StartedAt).Ticks * 100 * container.CpuShare);
        return new ContainerStatsAnswer
        {
            Read = now.ToString("O", CultureInfo.InvariantCulture),
            CpuStats = new ContainerCpuStats { CpuUsage = new ContainerCpuUsage { TotalUsage = cpuNanoseconds } },
            MemoryStats = new ContainerMemoryStats { Usage = container.MemoryBytes, Limit = 2UL * 1024 * 1024 * 1024, Stats = new ContainerMemoryDetail { InactiveFile = 0 } },
        };
    }

    private static async Task StreamEventsAsync(SimulatedFleet fleet, HttpContext context)
    {
        var reader = fleet.Subscribe(out var channel);
        try
        {
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted);
            await foreach (var message in reader.ReadAllAsync(context.RequestAborted))
            {
                await JsonSerializer.SerializeAsync(context.Response.Body, message, SimulatedEngineJson.Default.SimulatedEvent, context.RequestAborted);
                await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The reader went away.
        }
        finally
        {
            fleet.Unsubscribe(channel);
        }
    }

    [GeneratedRegex(@"^/v\d+\.\d+(/.*)$")]
    private static partial Regex VersionPrefix();
}
