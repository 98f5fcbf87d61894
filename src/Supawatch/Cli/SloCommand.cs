using System.CommandLine;
using System.Globalization;
using Supawatch.Configuration;
using Supawatch.Health;
using Supawatch.History;
using Supawatch.Slo;

namespace Supawatch.Cli;

/// <summary>
/// <c>supawatch slo report [--month YYYY-MM] [--json]</c>: a month's availability, objective, budget spent and the
/// incidents that spent it, per organization and instance, from the history store (docs/slo.md). Exit 0; 1 when there is
/// no history store; 2 for a month that is not YYYY-MM or a bad configuration.
/// </summary>
public static class SloCommand
{
    public static Command Create()
    {
        var month = new Option<string?>("--month") { Description = "The calendar month, UTC, as YYYY-MM (default: the current month, up to now)" };
        var json = JsonOutput.Create();
        var report = new Command("report", "A month's availability, objective, budget spent and incidents per organization and instance");
        report.Options.Add(month);
        report.Options.Add(json);
        report.SetConfiguredAction((configuration, parse, _) =>
            Task.FromResult(Run(configuration, parse.GetValue(month), parse.GetValue(json), TimeProvider.System.GetUtcNow(), Console.Out, Console.Error)));
        var command = new Command("slo", "Service-level objectives and error budgets (docs/slo.md)");
        command.Subcommands.Add(report);
        return command;
    }

    public static int Run(IConfiguration configuration, string? monthText, bool json, DateTimeOffset now, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        DateOnly month;
        if (monthText is null)
        {
            month = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
        }
        else if (!DateOnly.TryParseExact(monthText + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month))
        {
            errors.WriteLine($"--month: '{Common.SafeText.Printable(monthText)}' is not a month; write it as YYYY-MM, such as {now.UtcDateTime:yyyy-MM}");
            return ExitCodes.Usage;
        }

        var path = HealthOptions.From(configuration).HistoryFile(StorageOptions.From(configuration).DataDir);
        if (!File.Exists(path))
        {
            errors.WriteLine($"no history store at {path}: 'serve' (or 'health') records it; set SUPAWATCH_DATA_DIR to the folder serve uses");
            return ExitCodes.Failed;
        }

        var options = SloOptions.From(configuration);
        HistoryPeriod period;
        using (var store = new HistoryStore(path, TimeSpan.FromSeconds(5)))
        {
            period = store.ReadPeriod(month, month.AddMonths(1));
        }

        var report = SloReportBuilder.Build(period, options, month, now);
        if (json)
        {
            JsonOutput.Write(report, SloReport.JsonInfo, output);
        }
        else
        {
            SloReportTable.Write(report, output);
        }

        return ExitCodes.Ok;
    }
}
