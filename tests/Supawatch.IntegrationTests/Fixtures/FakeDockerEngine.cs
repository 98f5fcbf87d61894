using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Supawatch.Docker;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A Docker Engine API on a unix socket that serves a fixed set of running containers, each publishing one port
/// on 127.0.0.1 — for fleets too large to start as real podman containers in a test (hundreds of instances).
/// It answers exactly the read-only calls Supawatch makes (<c>_ping</c>, <c>version</c>, list, inspect, one-shot
/// stats with an empty body as podman gives for a stopped container) and holds <c>/events</c> open and silent.
/// The answers are Supawatch's own reader models serialized, so they carry what the reader needs and no more.
/// </summary>
public sealed class FakeDockerEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeDockerEngine(WebApplication app, string socketPath)
    {
        _app = app;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public string DockerHost => "unix://" + SocketPath;

    /// <param name="containers">Container name → the host port its one published port (80/tcp) maps to on 127.0.0.1.</param>
    public static async Task<FakeDockerEngine> StartAsync(string socketPath, IReadOnlyDictionary<string, int> containers)
    {
        var started = DateTimeOffset.UtcNow.AddHours(-1).ToString("O");
        var byId = containers.ToDictionary(c => Id(c.Key), c => c, StringComparer.Ordinal);
        var list = JsonSerializer.SerializeToUtf8Bytes(byId.Select(c => new ContainerListEntry
        {
            Id = c.Key,
            Names = ["/" + c.Value.Key],
            State = "running",
        }).ToArray());
        var inspect = byId.ToDictionary(c => c.Key, c => JsonSerializer.SerializeToUtf8Bytes(new ContainerInspect
        {
            Id = c.Key,
            Name = "/" + c.Value.Key,
            Created = started,
            Image = "localhost/busybox:latest",
            State = new ContainerInspectState { Status = "running", Running = true, StartedAt = started, FinishedAt = "0001-01-01T00:00:00Z" },
            Config = new ContainerInspectConfig { Image = "localhost/busybox:latest" },
            NetworkSettings = new ContainerInspectNetwork
            {
                Ports = new() { ["80/tcp"] = [new ContainerPortBinding { HostIp = "127.0.0.1", HostPort = c.Value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }] },
            },
        }), StringComparer.Ordinal);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        app.Run(async context =>
        {
            var path = StripVersion(context.Request.Path.Value ?? "");
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            switch (parts)
            {
                case ["_ping"]:
                    await context.Response.WriteAsync("OK", context.RequestAborted);
                    return;
                case ["version"]:
                    await context.Response.WriteAsJsonAsync(new { ApiVersion = "1.41", Version = "4.3.1", MinAPIVersion = "1.24" }, context.RequestAborted);
                    return;
                case ["info"]:
                    await context.Response.WriteAsJsonAsync(new { Containers = byId.Count }, context.RequestAborted);
                    return;
                case ["events"]:
                    // Open and silent, as an engine with nothing happening; ends when the client or the engine goes.
                    context.Response.ContentType = "application/json";
                    await context.Response.StartAsync(context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return;
                case ["containers", "json"]:
                    context.Response.ContentType = "application/json";
                    await context.Response.Body.WriteAsync(list, context.RequestAborted);
                    return;
                case ["containers", var id, "json"] when inspect.TryGetValue(id, out var body):
                    context.Response.ContentType = "application/json";
                    await context.Response.Body.WriteAsync(body, context.RequestAborted);
                    return;
                case ["containers", var id, "stats"] when inspect.ContainsKey(id):
                    return;
                default:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    await context.Response.WriteAsJsonAsync(new { message = $"no such endpoint {path}" }, context.RequestAborted);
                    return;
            }
        });
        await app.StartAsync();
        return new FakeDockerEngine(app, socketPath);
    }

    /// <summary>A stable 64-hex-digit id per name, as Docker's ids look.</summary>
    public static string Id(string name) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        File.Delete(SocketPath);
    }

    private static string StripVersion(string path) =>
        path.StartsWith("/v1.", StringComparison.Ordinal) && path.IndexOf('/', 1) is > 0 and var slash ? path[slash..] : path;
}
