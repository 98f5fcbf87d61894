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
            var rendered = await renderer.GetAsync(context.RequestAborted);
            var response = context.Response;
            response.ContentType = ContentType;
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            var gzip = AcceptsGzip(context.Request.Headers.AcceptEncoding);
            if (gzip)
            {
                response.Headers.ContentEncoding = "gzip";
            }

            var body = gzip ? rendered.Gzip : rendered.Text;
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.RequestAborted);
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
