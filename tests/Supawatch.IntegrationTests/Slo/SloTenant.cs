namespace Supawatch.IntegrationTests.Slo;

/// <summary>A tenant of a generated SLO rule test: its host and objective, and minute by minute whether it is down and expected up.</summary>
public sealed record SloTenant(string Id, string Host, double Objective, bool[] Down, bool[]? Expected = null)
{
    public bool[] ExpectedUp => Expected ?? [.. Down.Select(_ => true)];

    /// <summary>Minute by minute whether it is in a maintenance window (<c>supabase_instance_health_status</c> 5); null: no such series.</summary>
    public bool[]? Maintenance { get; init; }

    /// <summary>Minute by minute whether its <c>auth</c> API check fails (<c>supabase_health_check_up{check="api"}</c>); null: no API checks.</summary>
    public bool[]? ApiDown { get; init; }

    /// <summary>Kong's request counters minute by minute (answered 2xx, answered 5xx), under Kong 3.x or 2.x names; null: Kong not scraped.</summary>
    public (double[] Ok, double[] Errors, int Version)? Kong { get; init; }
}
