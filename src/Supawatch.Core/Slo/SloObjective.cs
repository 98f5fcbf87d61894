namespace Supawatch.Slo;

/// <summary>An instance's objective in percent (99.9) and where it came from: <c>default</c>, <c>class</c> or <c>organization</c>.</summary>
public readonly record struct SloObjective(double Percent, string Source)
{
    /// <summary>The allowed fraction of bad time: 0.001 for 99.9 %.</summary>
    public double Budget => 1 - (Percent / 100);

    /// <summary>The objective as a ratio (0.999), the value of <c>supabase_slo_objective</c>.</summary>
    public double Ratio => Percent / 100;

    /// <summary>
    /// The objective an instance of <paramref name="orgId"/> with <paramref name="sloClass"/> takes: the organization's
    /// override, else the class's, else the default.
    /// </summary>
    public static SloObjective For(SloOptions options, string? orgId, string? sloClass)
    {
        if (orgId is not null && options.Organizations.TryGetValue(orgId, out var org))
        {
            return new SloObjective(org, "organization");
        }

        if (sloClass is not null && options.Classes.TryGetValue(sloClass, out var cls))
        {
            return new SloObjective(cls, "class");
        }

        return new SloObjective(options.Objective, "default");
    }
}
