namespace Supawatch.Metrics;

/// <summary>
/// One prepared exposition, plain and gzipped, in buffers the renderer reuses. A scrape holds a lease
/// (<see cref="MetricsRenderer.AcquireAsync"/>) while it copies the bytes out, and the renderer only rewrites a
/// buffer that is neither current nor leased — so at 1,000 instances a render allocates no new 5 MB arrays, which
/// the GC would only reclaim at its next full collection.
/// </summary>
public sealed class RenderedMetrics : IDisposable
{
    private readonly MemoryStream _text = new();
    private readonly MemoryStream _gzip = new();
    private int _leases;

    public ReadOnlyMemory<byte> Text => _text.GetBuffer().AsMemory(0, (int)_text.Length);

    public ReadOnlyMemory<byte> Gzip => _gzip.GetBuffer().AsMemory(0, (int)_gzip.Length);

    public DateTimeOffset At { get; private set; } = DateTimeOffset.MinValue;

    internal MemoryStream TextStream => _text;

    internal MemoryStream GzipStream => _gzip;

    internal bool IsLeased => Volatile.Read(ref _leases) > 0;

    internal void Reset(DateTimeOffset at)
    {
        _text.SetLength(0);
        _gzip.SetLength(0);
        At = at;
    }

    internal void Lease() => Interlocked.Increment(ref _leases);

    internal void Release() => Interlocked.Decrement(ref _leases);

    public void Dispose()
    {
        _text.Dispose();
        _gzip.Dispose();
    }
}

/// <summary>A scrape's hold on a <see cref="RenderedMetrics"/>; dispose it once the bytes are written out.</summary>
public readonly struct RenderedMetricsLease(RenderedMetrics metrics) : IDisposable
{
    public RenderedMetrics Metrics { get; } = metrics;

    public void Dispose() => Metrics.Release();
}
