using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Supawatch.Alerting;

namespace Supawatch.Cli;

/// <summary><c>supawatch notify test [--channel …]</c>: a test alert posted to Alertmanager's v2 API.</summary>
public static class NotifyCommand
{
    public const string TestAlertName = "SupawatchTestAlert";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var channel = new Option<string?>("--channel") { Description = "Only this channel: slack, discord, email or webhook (default: every configured channel)" };
        channel.AcceptOnlyFromAmong("slack", "discord", "email", "webhook");
        var test = new Command("test", "Send a test alert through Alertmanager (ALERTMANAGER_URL)");
        test.Options.Add(channel);
        test.SetConfiguredAction((configuration, parse, cancellationToken) =>
            TestAsync(ConfigCommand.Load(configuration), parse.GetValue(channel), Console.Out, Console.Error, cancellationToken));
        var command = new Command("notify", "Notifications");
        command.Subcommands.Add(test);
        return command;
    }

    public static async Task<int> TestAsync(AlertingOptions options, string? channel, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var configured = options.Channels.Select(AlertmanagerConfig.Name).ToList();
        if (channel is not null && !configured.Contains(channel))
        {
            errors.WriteLine($"error: {channel} is not configured; set {Variable(channel)} and run 'supawatch config render' again");
            return ExitCodes.BadConfiguration;
        }

        if (configured.Count == 0)
        {
            errors.WriteLine("warning: no notification channel is configured here; the alert reaches only what the running Alertmanager's own configuration sends to");
        }

        var labels = new Dictionary<string, string>
        {
            ["alertname"] = TestAlertName,
            ["severity"] = Severity.Critical,
            ["instance_id"] = "supawatch-test",
        };
        if (channel is not null)
        {
            labels[AlertmanagerConfig.TestChannelLabel] = channel;
        }

        var now = DateTimeOffset.UtcNow;
        PostableAlert[] alerts =
        [
            new(
                labels,
                new Dictionary<string, string>
                {
                    ["summary"] = "Supawatch test alert",
                    ["description"] = $"Sent by 'supawatch notify test' at {now.ToString("u", CultureInfo.InvariantCulture)} to {channel ?? "every configured channel"}. It resolves by itself in 5 minutes.",
                },
                now,
                now.AddMinutes(5)),
        ];

        var url = options.AlertmanagerUrl.TrimEnd('/') + "/api/v2/alerts";
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.PostAsJsonAsync(url, alerts, NotifyJsonContext.Default.PostableAlertArray, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                errors.WriteLine($"error: Alertmanager at {options.AlertmanagerUrl} (ALERTMANAGER_URL) refused the test alert: {(int)response.StatusCode} {body.Trim()}");
                return ExitCodes.Failed;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds} s" : ex.Message;
            errors.WriteLine($"error: cannot reach Alertmanager at {options.AlertmanagerUrl} (ALERTMANAGER_URL): {reason}");
            return ExitCodes.Failed;
        }

        output.WriteLine($"sent {TestAlertName} to Alertmanager at {options.AlertmanagerUrl} for {channel ?? (configured.Count == 0 ? "its own routes" : string.Join(", ", configured))}; it resolves in 5 minutes");
        return ExitCodes.Ok;
    }

    private static string Variable(string channel) => channel switch
    {
        "slack" => "SLACK_WEBHOOK_URL",
        "discord" => "DISCORD_WEBHOOK_URL",
        "email" => "ADMIN_EMAIL and SMTP_HOST",
        _ => "WEBHOOK_URL",
    };
}

/// <summary>One alert as Alertmanager's <c>POST /api/v2/alerts</c> takes it.</summary>
internal sealed record PostableAlert(Dictionary<string, string> Labels, Dictionary<string, string> Annotations, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PostableAlert[]))]
internal sealed partial class NotifyJsonContext : JsonSerializerContext;
