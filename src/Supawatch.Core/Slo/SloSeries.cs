using System.Globalization;
using Supawatch.Instances;
using Supawatch.Metrics;

namespace Supawatch.Slo;

/// <summary>
/// <c>supabase_slo_objective</c>: each instance's availability objective as a ratio (0.999), from configuration
/// (<see cref="SloObjective.For"/>). The recording rules (<c>Supawatch.Alerting.SloRules</c>) divide error ratios by
/// one minus it, so one rule file serves every objective. The <c>objective</c> label (percent) is the same number as
/// text: the burn-rate alerts carry it.
/// </summary>
public sealed class SloSeries(InventoryStore inventory, SloOptions options) : ITenantSeries
{
    public const string Name = "supabase_slo_objective";

    private static readonly MetricFamily Objective = new(
        Name, "The instance's availability objective over 30 days as a ratio (0.999 for 99.9 %); objective is the same in percent.",
        MetricType.Gauge, "instance_id", "org_id", "slo_class", "objective", "objective_source");

    public void Write(ExpositionWriter writer)
    {
        writer.Family(Objective);
        foreach (var instance in inventory.Current.Instances)
        {
            var sloClass = instance.Metadata?.SloClass;
            var objective = SloObjective.For(options, instance.OrgId, sloClass);
            writer.Sample(Objective, objective.Ratio, instance.InstanceId, LabelValue.Of(instance.OrgId), LabelValue.Of(sloClass),
                objective.Percent.ToString("0.####", CultureInfo.InvariantCulture), objective.Source);
        }
    }
}
