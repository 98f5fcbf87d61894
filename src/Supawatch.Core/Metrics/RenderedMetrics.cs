using Supawatch.Common;

namespace Supawatch.Metrics;

/// <summary>
/// One prepared exposition, gzipped only, in a buffer the renderer reuses. A scrape holds a lease
/// (<see cref="MetricsRenderer.AcquireAsync"/>) while it copies the bytes out, and the renderer only rewrites a
/// buffer that is neither current nor leased — so a render allocates no new large arrays, which the GC would only
/// reclaim at its next full collection. The plain text is never kept: at 10,000 instances it is 45 MB (64 MB of
/// buffer) per copy against 4.5 MB gzipped; Prometheus asks for gzip, and a plain scrape is inflated as it is sent
/// (<see cref="GzippedBody.Inflate"/>). Issue 25: the memory floor.
/// </summary>
public sealed class RenderedMetrics : IDisposable
{
    private readonly MemoryStream _gzip = new();
    private int _leases;

    public ReadOnlyMemory<byte> Gzip => _gzip.GetBuffer().AsMemory(0, (int)_gzip.Length);

    /// <summary>Bytes of the plain exposition (<c>Content-Length</c> of a plain scrape).</summary>
    public long TextLength { get; internal set; }

    public DateTimeOffset At { get; private set; } = DateTimeOffset.MinValue;

    internal MemoryStream GzipStream => _gzip;

    internal bool IsLeased => Volatile.Read(ref _leases) > 0;

    internal void Reset(DateTimeOffset at)
    {
        _gzip.SetLength(0);
        TextLength = 0;
        At = at;
    }

    internal void Lease() => Interlocked.Increment(ref _leases);

    internal void Release() => Interlocked.Decrement(ref _leases);

    public void Dispose()
    {
        _gzip.Dispose();
    }
}

/// <summary>A scrape's hold on a <see cref="RenderedMetrics"/>; dispose it once the bytes are written out.</summary>
public readonly struct RenderedMetricsLease(RenderedMetrics metrics) : IDisposable
{
    public RenderedMetrics Metrics { get; } = metrics;

    public void Dispose() => Metrics.Release();
}
