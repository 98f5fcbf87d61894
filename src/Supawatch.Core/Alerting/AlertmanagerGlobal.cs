namespace Supawatch.Alerting;

/// <summary>The <c>global:</c> section of alertmanager.yml.</summary>
public sealed record AlertmanagerGlobal
{
    public TimeSpan? ResolveTimeout { get; init; }
}
