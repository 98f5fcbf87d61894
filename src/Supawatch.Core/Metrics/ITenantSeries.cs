namespace Supawatch.Metrics;

/// <summary>
/// Tenant series another part of Supawatch keeps (the health rounds'), written into each <c>/metrics</c> render after
/// the exporter's own. Implementations write from an immutable snapshot and must not block.
/// </summary>
public interface ITenantSeries
{
    void Write(ExpositionWriter writer);
}
