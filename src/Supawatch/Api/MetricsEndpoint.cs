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
            if (context.Request.AcceptsGzip())
            {
                response.Headers.ContentEncoding = "gzip";
                await response.WritePreparedAsync(rendered.Gzip, ContentType, context.RequestAborted);
                return;
            }

            // Only the gzipped copy is kept (RenderedMetrics): a plain scrape is inflated as it is sent, in slices.
            response.ContentType = ContentType;
            response.ContentLength = rendered.TextLength;
            await using var text = rendered.OpenText();
            await text.CopyToAsync(response.Body, PreparedBody.SmallestSliceBytes, context.RequestAborted);
        });
        return app;
    }
}
