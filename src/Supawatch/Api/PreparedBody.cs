using Microsoft.Net.Http.Headers;
using Supawatch.Common;

namespace Supawatch.Api;

/// <summary>Writes a prepared response body (the exposition, status.json) without Kestrel copying it whole.</summary>
public static class PreparedBody
{
    /// <summary>
    /// One large write makes Kestrel copy the whole body into its pipe before applying back-pressure: 16 scrapes of
    /// a 4.7 MB exposition held 75 MB of pipe blocks. Writing in slices waits for the socket to drain between them,
    /// so a slow reader costs one slice, not one body. Larger slices mean fewer round trips between the pipe and the
    /// socket, so the writers share a budget: one scraper writes 256 KB at a time (p50 about a fifth lower than with 64 KB),
    /// four or more write 64 KB each, and the pipes hold about what fixed 64 KB slices held. A 1 MB budget cost 16
    /// connections a seventh of their throughput, and fixed 256 KB or 1 MB slices took peak memory over 150 MB
    /// (docs/performance.md, metrics-1000).
    /// </summary>
    public const int InFlightBudgetBytes = 256 * 1024;

    public const int SmallestSliceBytes = 64 * 1024;

    private static int s_writers;

    /// <summary>Whether the client takes gzip (Prometheus and browsers do); q-values are not weighed.</summary>
    public static bool AcceptsGzip(this HttpRequest request)
    {
        foreach (var value in request.Headers.AcceptEncoding)
        {
            if (value is not null && value.Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A body kept gzipped only (<see cref="GzippedBody"/>): copied as it is when the client takes gzip, else inflated
    /// as it is sent, one slice at a time.
    /// </summary>
    public static async Task WriteGzippedAsync(this HttpContext context, GzippedBody body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        var response = context.Response;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (context.Request.AcceptsGzip())
        {
            response.Headers.ContentEncoding = "gzip";
            await response.WritePreparedAsync(body.Gzip, contentType, context.RequestAborted);
            return;
        }

        response.ContentType = contentType;
        response.ContentLength = body.PlainLength;
        await using var plain = body.OpenPlain();
        await plain.CopyToAsync(response.Body, SmallestSliceBytes, context.RequestAborted);
    }

    public static async Task WritePreparedAsync(this HttpResponse response, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken)
    {
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        Interlocked.Increment(ref s_writers);
        try
        {
            var offset = 0;
            while (offset < body.Length)
            {
                var slice = Math.Min(SliceBytes(Volatile.Read(ref s_writers)), body.Length - offset);
                await response.Body.WriteAsync(body.Slice(offset, slice), cancellationToken);
                offset += slice;
            }
        }
        finally
        {
            Interlocked.Decrement(ref s_writers);
        }
    }

    /// <summary>Each writer's share of <see cref="InFlightBudgetBytes"/>, never below <see cref="SmallestSliceBytes"/>.</summary>
    public static int SliceBytes(int writers) => Math.Max(SmallestSliceBytes, InFlightBudgetBytes / Math.Max(1, writers));
}
