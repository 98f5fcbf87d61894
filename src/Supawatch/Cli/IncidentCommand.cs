using System.CommandLine;
using System.Globalization;
using Supawatch.Api;
using Supawatch.Notices;
using Supawatch.Status;

namespace Supawatch.Cli;

/// <summary><c>supawatch incident open|update|close|list</c>: incidents written by people, through the running service's API.</summary>
public static class IncidentCommand
{
    public static Command Create()
    {
        var instance = new Option<string?>("--instance") { Description = "The instance id the incident is about" };
        var org = new Option<string?>("--org") { Description = "The organization id the incident is about" };
        var title = new Option<string?>("--title") { Description = "A short title, shown on the page and in the feed" };
        var message = new Option<string?>("--message") { Description = "What is known; shown as plain text", Required = true };
        var status = new Option<string?>("--status") { Description = "investigating (default when opening), identified, monitoring or resolved" };
        status.AcceptOnlyFromAmong("investigating", "identified", "monitoring", "resolved");

        var open = new Command("open", "Open an incident on an organization or an instance");
        foreach (var option in new Option[] { instance, org, title, message, status })
        {
            open.Options.Add(option);
        }

        open.SetAction((parse, cancellationToken) => MaintenanceCommand.RunAsync(parse, client => SendAsync(client, "/api/v1/incidents", new IncidentRequest
        {
            InstanceId = parse.GetValue(instance),
            OrgId = parse.GetValue(org),
            Title = parse.GetValue(title),
            Status = parse.GetValue(status),
            Message = parse.GetValue(message),
        }, "opened", cancellationToken)));

        var id = new Argument<long>("id") { Description = "The incident's id (from 'incident list')" };
        var update = new Command("update", "Post an update (and move its status)");
        update.Arguments.Add(id);
        update.Options.Add(message);
        update.Options.Add(status);
        update.SetAction((parse, cancellationToken) => MaintenanceCommand.RunAsync(parse, client => SendAsync(client, Updates(parse.GetValue(id)), new IncidentRequest
        {
            Status = parse.GetValue(status),
            Message = parse.GetValue(message),
        }, "updated", cancellationToken)));

        var close = new Command("close", "Resolve an incident with a last message");
        close.Arguments.Add(id);
        close.Options.Add(message);
        close.SetAction((parse, cancellationToken) => MaintenanceCommand.RunAsync(parse, client => SendAsync(client, Updates(parse.GetValue(id)), new IncidentRequest
        {
            Status = "resolved",
            Message = parse.GetValue(message),
        }, "resolved", cancellationToken)));

        var list = new Command("list", "List open incidents and those resolved in the last week");
        list.SetAction((parse, cancellationToken) => MaintenanceCommand.RunAsync(parse, async client =>
        {
            var (reports, error) = await client.SendAsync(HttpMethod.Get, "/api/v1/incidents", null, ApiJson.IncidentList, cancellationToken);
            foreach (var report in reports ?? [])
            {
                Console.Out.WriteLine(Describe(report));
            }

            if (reports is { Count: 0 })
            {
                Console.Out.WriteLine("no incidents");
            }

            return error;
        }));

        var command = new Command("incident", "Incidents written by people (needs 'supawatch serve' running)");
        command.Options.Add(MaintenanceCommand.Api);
        command.Subcommands.Add(open);
        command.Subcommands.Add(update);
        command.Subcommands.Add(close);
        command.Subcommands.Add(list);
        return command;
    }

    private static string Updates(long id) => $"/api/v1/incidents/{id.ToString(CultureInfo.InvariantCulture)}/updates";

    private static async Task<string?> SendAsync(OperatorApiClient client, string path, IncidentRequest request, string done, CancellationToken cancellationToken)
    {
        var (report, error) = await client.SendAsync(HttpMethod.Post, path, JsonContent.Create(request, ApiJson.IncidentRequest), ApiJson.Incident, cancellationToken);
        if (report is not null)
        {
            Console.Out.WriteLine($"incident {report.Id} {done}: {Describe(report)}");
        }

        return error;
    }

    private static string Describe(StatusIncidentReport report) =>
        $"{report.Id,5}  [{report.Status}] {report.TargetKind} {report.TargetId}: {report.Title} (updated {report.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)";
}
