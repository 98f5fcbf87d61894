using System.CommandLine;
using System.Globalization;
using Supawatch.Api;
using Supawatch.Notices;

namespace Supawatch.Cli;

/// <summary><c>supawatch maintenance add|list|remove</c>: maintenance windows, through the running service's API.</summary>
public static class MaintenanceCommand
{
    public static readonly Option<string?> Api = new("--api")
    {
        Description = "The running service's operator API (default: http://127.0.0.1:<port of SUPAWATCH_METRICS_LISTEN>)",
        Recursive = true,
    };

    public static Command Create()
    {
        var instance = new Option<string?>("--instance") { Description = "The instance id the window covers" };
        var org = new Option<string?>("--org") { Description = "The organization id the window covers (all its instances)" };
        var host = new Option<string?>("--host") { Description = "The Docker host (DOCKER_HOSTS name) the window covers" };
        var start = new Option<DateTimeOffset?>("--start") { Description = "Start, ISO 8601 (default: now); with --cron, the first day it may run" };
        var end = new Option<DateTimeOffset?>("--end") { Description = "End, ISO 8601 (or --duration)" };
        var duration = new Option<string?>("--duration") { Description = "Length, e.g. 90m or 2h (or --end); with --cron, each occurrence's length" };
        var cron = new Option<string?>("--cron") { Description = "Repeat on this five-field cron expression, UTC (e.g. \"0 3 * * SUN\")" };
        var until = new Option<DateTimeOffset?>("--until") { Description = "With --cron: no occurrence starts after this" };
        var note = new Option<string?>("--note") { Description = "What is done; shown on the status page and in the feed" };

        var add = new Command("add", "Schedule a maintenance window: the page shows \"maintenance\", uptime is not charged, alerts are silenced");
        foreach (var option in new Option[] { instance, org, host, start, end, duration, cron, until, note })
        {
            add.Options.Add(option);
        }

        add.SetAction((parse, cancellationToken) => RunAsync(parse, async client =>
        {
            var request = new MaintenanceRequest
            {
                InstanceId = parse.GetValue(instance),
                OrgId = parse.GetValue(org),
                Host = parse.GetValue(host),
                Start = parse.GetValue(start),
                End = parse.GetValue(end),
                Duration = parse.GetValue(duration),
                Recurrence = parse.GetValue(cron),
                Until = parse.GetValue(until),
                Note = parse.GetValue(note),
            };
            var (window, error) = await client.SendAsync(HttpMethod.Post, "/api/v1/maintenance", JsonContent.Create(request, ApiJson.MaintenanceRequest), ApiJson.Maintenance, cancellationToken);
            if (window is not null)
            {
                Console.Out.WriteLine($"maintenance window {window.Id} scheduled: {Describe(window)}");
            }

            return error;
        }));

        var list = new Command("list", "List maintenance windows running or to come");
        list.SetAction((parse, cancellationToken) => RunAsync(parse, async client =>
        {
            var (windows, error) = await client.SendAsync(HttpMethod.Get, "/api/v1/maintenance", null, ApiJson.MaintenanceList, cancellationToken);
            foreach (var window in windows ?? [])
            {
                Console.Out.WriteLine($"{window.Id,5}  {Describe(window)}");
            }

            if (windows is { Count: 0 })
            {
                Console.Out.WriteLine("no maintenance windows");
            }

            return error;
        }));

        var id = new Argument<long>("id") { Description = "The window's id (from 'maintenance list')" };
        var remove = new Command("remove", "Remove a window now; its Alertmanager silence is expired");
        remove.Arguments.Add(id);
        remove.SetAction((parse, cancellationToken) => RunAsync(parse, async client =>
        {
            var (window, error) = await client.SendAsync(HttpMethod.Delete, $"/api/v1/maintenance/{parse.GetValue(id).ToString(CultureInfo.InvariantCulture)}", null, ApiJson.Maintenance, cancellationToken);
            if (window is not null)
            {
                Console.Out.WriteLine($"maintenance window {window.Id} removed");
            }

            return error;
        }));

        var command = new Command("maintenance", "Scheduled maintenance windows (needs 'supawatch serve' running)");
        command.Options.Add(Api);
        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        command.Subcommands.Add(remove);
        return command;
    }

    /// <summary>Loads the configuration, runs <paramref name="work"/> against the API, prints its error if any.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<OperatorApiClient, Task<string?>> work)
    {
        var configuration = GlobalOptions.Load(parse, Console.Error);
        if (configuration is null)
        {
            return ExitCodes.BadConfiguration;
        }

        using var client = new OperatorApiClient(configuration, parse.GetValue(Api));
        var error = await work(client);
        if (error is null)
        {
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine($"error: {error}");
        return ExitCodes.Failed;
    }

    private static string Describe(MaintenanceView window)
    {
        var when = window.NextStart is { } s && window.NextEnd is { } e
            ? $"{(window.Active ? "in progress" : "next")} {s.UtcDateTime:yyyy-MM-dd HH:mm}–{e.UtcDateTime:yyyy-MM-dd HH:mm} UTC"
            : "no further occurrence";
        var repeat = window.Recurrence is null ? "" : $", repeats '{window.Recurrence}'";
        return $"{window.TargetKind} {window.TargetId}, {when}{repeat}{(window.Note.Length > 0 ? " — " + window.Note.Split('\n')[0] : "")}";
    }
}
