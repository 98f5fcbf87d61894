using Supawatch.Common;
using Supawatch.Metrics;

namespace Supawatch.Api;

/// <summary><c>GET /metrics</c>: copies the latest prepared exposition; no Docker or database work happens here.</summary>
public static class MetricsEndpoint
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapExporter(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (HttpContext context, MetricsRenderer renderer) =>
        {
            using var lease = await renderer.AcquireAsync(context.RequestAborted);
            var rendered = lease.Metrics;
            await context.WriteGzippedAsync(new GzippedBody(rendered.Gzip, rendered.TextLength), ContentType);
        });
        return app;
    }
}
