using Microsoft.Extensions.Configuration;

namespace Supawatch.Slo;

/// <summary>
/// Availability objectives, in percent over <see cref="SloPolicy.Period"/>. Section <c>Slo</c> (docs/slo.md).
/// An instance takes its organization's override, else its class's (the optional <c>slo_class</c> column of the
/// master-DB query, e.g. a plan), else <see cref="Objective"/>.
/// </summary>
public sealed class SloOptions
{
    public const string Section = "Slo";

    /// <summary>The <c>Slo</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static SloOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<SloOptions>() ?? new();

    public const double DefaultObjective = 99.9;

    /// <summary><c>SUPAWATCH_SLO_OBJECTIVE</c>: the fleet's default objective, percent.</summary>
    public double Objective { get; set; } = DefaultObjective;

    /// <summary><c>Slo:Organizations:&lt;org_id&gt;</c> = percent: an organization's own objective.</summary>
    public Dictionary<string, double> Organizations { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>Slo:Classes:&lt;slo_class&gt;</c> = percent: the objective of a class (plan) from the master DB.</summary>
    public Dictionary<string, double> Classes { get; set; } = new(StringComparer.Ordinal);
}
