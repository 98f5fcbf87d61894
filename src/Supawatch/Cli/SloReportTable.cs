using System.Globalization;
using Supawatch.Slo;

namespace Supawatch.Cli;

/// <summary>The SLO report as a table: one line per organization, its instances under it, each instance's incidents under that.</summary>
internal static class SloReportTable
{
    public static void Write(SloReport report, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SLO report {report.Month}: {report.From.UtcDateTime:yyyy-MM-dd HH:mm} to {report.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC"));
        if (report.Organizations.Count == 0)
        {
            output.WriteLine("no checks recorded in this month");
            return;
        }

        output.WriteLine($"{"ORGANIZATION / INSTANCE",-32} {"OBJECTIVE",9} {"AVAILABLE",10} {"BUDGET SPENT",12} {"DOWNTIME",10} {"CHECKS",8} {"BAD",6}");
        foreach (var organization in report.Organizations)
        {
            output.WriteLine($"{organization.OrgId ?? "(no organization)",-32} {"",9} {Percent(organization.AvailabilityPercent),10} {Share(organization.WorstBudgetSpent),12}"
                + (organization.InstancesOverBudget > 0 ? string.Create(CultureInfo.InvariantCulture, $"  {organization.InstancesOverBudget} over budget") : ""));
            foreach (var instance in organization.Instances)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {instance.InstanceId,-30} {instance.Objective.ToString("0.###", CultureInfo.InvariantCulture) + "%",9} {Percent(instance.AvailabilityPercent),10} {Share(instance.BudgetSpent),12} {Duration(instance.DowntimeSeconds),10} {instance.CountedChecks,8} {instance.BadChecks,6}"));
                foreach (var incident in instance.Incidents)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    incident {incident.Id}: {incident.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} – {(incident.EndedAt is { } ended ? ended.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "ongoing")}, {Duration(incident.SecondsInMonth)} in the month{(incident.Cause is null ? "" : ": " + Common.SafeText.Printable(incident.Cause))}"));
                }
            }
        }

        output.WriteLine("budget spent: 100% = the month's budget (100% − objective) used up; " + report.Counting);
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Share(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(seconds);
        return span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds:00}s");
    }
}
