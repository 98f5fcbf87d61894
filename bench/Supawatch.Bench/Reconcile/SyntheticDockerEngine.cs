using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using System.Text.Json;

namespace Supawatch.Bench.Reconcile;

/// <summary>
/// A SYNTHETIC Docker Engine API on a Unix socket, serving a <see cref="SyntheticFleet"/>: just the calls
/// discovery and the exporter make (<c>/_ping</c>, <c>/version</c>, <c>/containers/json</c>, <c>/containers/{id}/json</c>,
/// one-shot <c>/containers/{id}/stats</c> rendered per call, and an <c>/events</c> stream that stays open and silent),
/// with or without the client's <c>/v1.xx</c> prefix. It counts what it was asked and tells the bench on
/// <c>GET /_bench/counters</c> (reset by <c>POST /_bench/reset</c>), so the bench can prove a cold reconcile
/// inspected every container and a warm one none. It runs in its own process (<see cref="SyntheticEngineProcess"/>).
/// </summary>
internal sealed class SyntheticDockerEngine : IAsyncDisposable
{
    private const string ApiVersion = "1.47";
    private static readonly byte[] NotFound = """{"message":"page not found"}"""u8.ToArray();
    private static readonly byte[] Version = """{"Platform":{"Name":"Docker Engine - Community"},"Version":"27.5.1","ApiVersion":"1.47","MinAPIVersion":"1.24","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0"}"""u8.ToArray();

    private readonly SyntheticFleet _fleet;
    private readonly ConcurrentDictionary<string, int> _unexpected = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stoppingSource = new();
    private readonly CancellationToken _stopping;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private WebApplication? _app;
    private int _lists;
    private int _inspects;
    private int _stats;

    private SyntheticDockerEngine(SyntheticFleet fleet)
    {
        _fleet = fleet;
        _stopping = _stoppingSource.Token;
    }

    public static async Task<SyntheticDockerEngine> StartAsync(string socketPath, SyntheticFleet fleet, CancellationToken cancellationToken)
    {
        var engine = new SyntheticDockerEngine(fleet);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        app.Run(engine.HandleAsync);
        await app.StartAsync(cancellationToken);
        engine._app = app;
        return engine;
    }

    public async ValueTask DisposeAsync()
    {
        await _stoppingSource.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _stoppingSource.Dispose();
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = StripVersion(context.Request.Path.Value ?? "");
        var response = context.Response;
        if (path == "/_bench/counters")
        {
            return Json(response, Counters(), context.RequestAborted);
        }

        if (path == "/_bench/reset" && HttpMethods.IsPost(context.Request.Method))
        {
            Interlocked.Exchange(ref _lists, 0);
            Interlocked.Exchange(ref _inspects, 0);
            Interlocked.Exchange(ref _stats, 0);
            response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        response.Headers["Api-Version"] = ApiVersion;
        response.Headers["Server"] = $"Docker/27.5.1 (linux)";
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return NotServed(context, path);
        }

        if (path == "/_ping")
        {
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync("OK", context.RequestAborted);
        }

        if (path == "/events")
        {
            return HoldEventStreamAsync(context);
        }

        if (path == "/version")
        {
            return Json(response, Version, context.RequestAborted);
        }

        if (path == "/containers/json")
        {
            Interlocked.Increment(ref _lists);
            return Json(response, _fleet.ListJson, context.RequestAborted);
        }

        const string Prefix = "/containers/";
        if (path.StartsWith(Prefix, StringComparison.Ordinal) && path.EndsWith("/stats", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _stats);
            var id = path[Prefix.Length..^"/stats".Length];
            if (_fleet.ById.TryGetValue(id, out var container))
            {
                return Json(response, DockerStatsJson.Render(container, _started, DateTimeOffset.UtcNow), context.RequestAborted);
            }

            response.StatusCode = StatusCodes.Status404NotFound;
            return Json(response, System.Text.Encoding.UTF8.GetBytes($$"""{"message":"No such container: {{id}}"}"""), context.RequestAborted);
        }

        if (path.StartsWith(Prefix, StringComparison.Ordinal) && path.EndsWith("/json", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _inspects);
            var id = path[Prefix.Length..^"/json".Length];
            if (_fleet.InspectJson.TryGetValue(id, out var body))
            {
                return Json(response, body, context.RequestAborted);
            }

            response.StatusCode = StatusCodes.Status404NotFound;
            return Json(response, System.Text.Encoding.UTF8.GetBytes($$"""{"message":"No such container: {{id}}"}"""), context.RequestAborted);
        }

        return NotServed(context, path);
    }

    /// <summary>An event stream that stays open and quiet, so a full service keeps its watcher connected.</summary>
    private async Task HoldEventStreamAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await context.Response.Body.FlushAsync(context.RequestAborted);
        using var open = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        await Task.Delay(Timeout.Infinite, open.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private Task NotServed(HttpContext context, string path)
    {
        var key = $"{context.Request.Method} {path}";
        if (_unexpected.Count < 20 || _unexpected.ContainsKey(key))
        {
            _unexpected.AddOrUpdate(key, 1, (_, n) => n + 1);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Json(context.Response, NotFound, context.RequestAborted);
    }

    private byte[] Counters() => JsonSerializer.SerializeToUtf8Bytes(
        new EngineCounters(_fleet.Containers, _fleet.ListJson.Length, _fleet.InspectBytes, Volatile.Read(ref _lists), Volatile.Read(ref _inspects), Volatile.Read(ref _stats), new Dictionary<string, int>(_unexpected)),
        EngineCountersJson.Default.EngineCounters);

    private static Task Json(HttpResponse response, byte[] body, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, cancellationToken).AsTask();
    }

    /// <summary><c>/v1.47/containers/json</c> → <c>/containers/json</c>; Docker serves both.</summary>
    private static string StripVersion(string path)
    {
        if (path.Length > 3 && path.StartsWith("/v", StringComparison.Ordinal))
        {
            var slash = path.IndexOf('/', 2);
            var version = slash < 0 ? path[2..] : path[2..slash];
            if (version.Length > 0 && version.All(ch => char.IsAsciiDigit(ch) || ch == '.'))
            {
                return slash < 0 ? "/" : path[slash..];
            }
        }

        return path;
    }
}
