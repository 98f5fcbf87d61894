using Microsoft.Net.Http.Headers;
using Supawatch.Common;

namespace Supawatch.Api;

/// <summary>Writes a prepared response body (the exposition, status.json) without Kestrel copying it whole.</summary>
public static class PreparedBody
{
    /// <summary>
    /// One large write makes Kestrel copy the whole body into its pipe before applying back-pressure: 16 scrapes of
    /// a 4.7 MB exposition held 75 MB of pipe blocks. Writing in slices waits for the socket to drain between them,
    /// so a slow reader costs one slice, not one body; the writers share this budget, never below
    /// <see cref="SmallestSliceBytes"/> each. But every slice is one wait for the pipe to drain, and its continuation
    /// queues on the thread pool behind whatever else is there: at 10,000 instances a 256 KB budget cut the 6 MB
    /// gzip exposition into 24 slices, and while a reconcile's 20 list parses filled the pool each slice waited its
    /// turn, so a scrape took 250-580 ms where <c>/healthz</c> (one wait) took under 100 ms (issue 25,
    /// docs/scaling.md, "The scrape waited on the pool, not the CPU"). A 2 MB budget sends that exposition in three
    /// slices and 1,000 instances' (0.6 MB) in one; 16 scrapers still hold no more than 2 MB of pipe between them.
    /// An 8 MB budget (one slice at 10,000) took 16 gzip scrapers at 1,000 instances to a 21 MB higher peak in one run.
    /// </summary>
    public const int InFlightBudgetBytes = 2 * 1024 * 1024;

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
