namespace Supawatch.Metrics;

/// <summary>One prepared exposition: what every scrape until the next render receives, plain and gzipped.</summary>
public sealed record RenderedMetrics(byte[] Text, byte[] Gzip, DateTimeOffset At)
{
    public static RenderedMetrics Empty { get; } = new([], [], DateTimeOffset.MinValue);
}
