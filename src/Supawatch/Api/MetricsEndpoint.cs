using Microsoft.Net.Http.Headers;
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
            var response = context.Response;
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            var gzip = AcceptsGzip(context.Request.Headers.AcceptEncoding);
            if (gzip)
            {
                response.Headers.ContentEncoding = "gzip";
            }

            await response.WritePreparedAsync(gzip ? rendered.Gzip : rendered.Text, ContentType, context.RequestAborted);
        });
        return app;
    }

    private static bool AcceptsGzip(Microsoft.Extensions.Primitives.StringValues acceptEncoding)
    {
        foreach (var value in acceptEncoding)
        {
            if (value is not null && value.Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
