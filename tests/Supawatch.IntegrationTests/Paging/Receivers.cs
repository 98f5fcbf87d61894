using System.Text.Json;
using System.Text.RegularExpressions;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Paging;

/// <summary>
/// The operator's four receivers, local: Slack, Discord and a generic webhook on one <see cref="HttpSink"/> (paths
/// /slack, /discord, /webhook) and an aiosmtpd SMTP sink. <see cref="Since"/> reads what arrived after a mark.
/// </summary>
public sealed partial class Receivers : IAsyncDisposable
{
    /// <summary>Every receiver, in the order reports list them.</summary>
    public static readonly string[] Names = ["slack", "discord", "webhook", "email"];

    private const string MessageMarker = "---------- MESSAGE FOLLOWS ----------";

    private readonly HttpSink _http;
    private readonly SmtpSink _smtp;

    private Receivers(HttpSink http, SmtpSink smtp)
    {
        _http = http;
        _smtp = smtp;
    }

    /// <summary>The seed's variables that point the stack at these receivers (e-mail without TLS: the sink has none).</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        ["SLACK_WEBHOOK_URL"] = _http.UrlFor("slack"),
        ["DISCORD_WEBHOOK_URL"] = _http.UrlFor("discord"),
        ["WEBHOOK_URL"] = _http.UrlFor("webhook"),
        ["ADMIN_EMAIL"] = "ops@example.com",
        ["SMTP_HOST"] = _smtp.HostPort,
        ["SMTP_FROM"] = "supawatch@example.com",
        ["SMTP_REQUIRE_TLS"] = "false",
    };

    public static async Task<Receivers> StartAsync() => new(new HttpSink(), await SmtpSink.StartAsync());

    /// <summary>A position in what arrived so far; <see cref="Since"/> returns what came after it.</summary>
    public (int Bodies, int Mails) Mark() => (_http.Bodies.Count, Mails().Count);

    /// <summary>
    /// Every notification received after <paramref name="mark"/>, HTTP ones first in arrival order, then mail. Only the
    /// three channels' paths count: a stray request to a sink's port (seen: a Prometheus of another test run still
    /// scraping a tenant port that the sink had been given since) is no notification.
    /// </summary>
    public IReadOnlyList<Notification> Since((int Bodies, int Mails) mark) =>
        [.. _http.Bodies.Skip(mark.Bodies).Where(IsChannel).Select(ParseHttp), .. Mails().Skip(mark.Mails).Select(ParseMail)];

    /// <summary>Everything received, for failure messages and the test log.</summary>
    public string Dump((int Bodies, int Mails) mark) =>
        string.Join("\n", _http.Bodies.Skip(mark.Bodies)) + "\n--- mail ---\n" + string.Join("\n", Mails().Skip(mark.Mails));

    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private List<string> Mails()
    {
        var log = _smtp.Received;
        var parts = log.Split(MessageMarker);
        // Each message is printed as "MESSAGE FOLLOWS", headers, body, "END MESSAGE"; the first part is what came before.
        return parts.Skip(1).Where(p => p.Contains("------------ END MESSAGE ------------", StringComparison.Ordinal)).ToList();
    }

    private static bool IsChannel(string entry) =>
        entry.Split(' ', 2)[0].Trim('/') is "slack" or "discord" or "webhook";

    private static Notification ParseHttp(string entry)
    {
        var space = entry.IndexOf(' ', StringComparison.Ordinal);
        var path = entry[..space].Trim('/');
        var body = entry[(space + 1)..];
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return path switch
        {
            "webhook" => new Notification(
                path,
                root.GetProperty("status").GetString() == "resolved",
                string.Join(",", root.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()).Distinct()),
                body),
            "slack" => Titled(path, root.GetProperty("attachments")[0].GetProperty("title").GetString()!, body),
            "discord" => Titled(path, root.GetProperty("embeds")[0].GetProperty("title").GetString()!, body),
            _ => new Notification(path, false, "(unknown receiver path)", body),
        };
    }

    private static Notification ParseMail(string message)
    {
        // Quoted-printable bodies break long lines with "=" at the end; join them so names stay whole.
        var text = message.Replace("=\r\n", "", StringComparison.Ordinal).Replace("=\n", "", StringComparison.Ordinal);
        var subject = Subject().Match(text) is { Success: true } match ? match.Groups[1].Value.Trim() : "(no subject)";
        return Titled("email", subject, text);
    }

    private static Notification Titled(string receiver, string title, string text) =>
        new(receiver, title.Contains("[RESOLVED]", StringComparison.Ordinal), title, text);

    [GeneratedRegex(@"^Subject: (.*)$", RegexOptions.Multiline)]
    private static partial Regex Subject();
}
