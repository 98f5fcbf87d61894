using Supawatch.Alerting;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.MasterDb;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Alerting;

/// <summary>
/// The whole path with real binaries: Supawatch watching Docker Engine tenants, Prometheus scraping it and evaluating the
/// rules (every <c>for</c> shortened to 2 s; the shipped durations are proven by alerts/tests), Alertmanager with
/// the rendered configuration (timings shortened) delivering to local Slack, Discord, webhook and SMTP sinks.
/// Kong goes down twice: its container stopped, then running but frozen (SIGSTOP), which only the health
/// check sees.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class AlertDeliveryTests(DockerEngineFixture engine, PostgresFixture masterDb, PrometheusFixture prometheus, AlertmanagerFixture alertmanager, ITestOutputHelper output)
    : IClassFixture<PostgresFixture>, IClassFixture<PrometheusFixture>, IClassFixture<AlertmanagerFixture>
{
    private const string InstanceId = "e2e_app_7";
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task StoppingOrFreezingKong_NotifiesEveryChannelNamingTheInstance_AndRecoveryResolves()
    {
        await masterDb.ExecuteAsync(MasterDbQuery.Schema);
        await masterDb.ExecuteAsync($"""
            TRUNCATE projects, organizations;
            INSERT INTO organizations VALUES ('o7', 'Acme');
            INSERT INTO projects VALUES ('{InstanceId}', 'o7', 'Shop', 'active');
            """);
        var kong = await engine.RunHttpdAsync($"{InstanceId}_kong");
        var studio = await engine.RunHttpdAsync($"{InstanceId}_studio");
        await using var http = new HttpSink();
        await using var smtp = await SmtpSink.StartAsync();
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["MASTER_DB_URL"] = masterDb.Url,
                ["DISCOVERY_INTERVAL"] = "2",
                ["HEALTH_CHECK_INTERVAL"] = "2",
            });
            await StartAlertingAsync(server, http, smtp);

            await engine.StopAsync(kong.Name);

            await WaitForAllAsync(http, smtp, "firing", "[FIRING:1] SupabaseKongDown on " + InstanceId);
            var slack = Body(http, "/slack", "SupabaseKongDown");
            Assert.Contains("project Shop, organization Acme", slack, StringComparison.Ordinal);
            Assert.Contains("Kong API gateway of " + InstanceId + " is down", slack, StringComparison.Ordinal);
            Assert.Contains($"\"instance_id\":\"{InstanceId}\"", Body(http, "/webhook", "\"status\":\"firing\""), StringComparison.Ordinal);
            // Kong alone stopped: the instance is not "down", so Kong's alert is not inhibited by one.
            Assert.DoesNotContain(http.Bodies, b => b.Contains(AlertNames.InstanceDown, StringComparison.Ordinal) && b.Contains(InstanceId, StringComparison.Ordinal));

            await engine.StartAsync(kong.Name);

            await WaitForAllAsync(http, smtp, "resolved", "[RESOLVED] SupabaseKongDown on " + InstanceId);
            Assert.Contains($"\"instance_id\":\"{InstanceId}\"", Body(http, "/webhook", "\"status\":\"resolved\""), StringComparison.Ordinal);
            Assert.Contains("*RESOLVED* Kong API gateway of " + InstanceId, Body(http, "/slack", "[RESOLVED]"), StringComparison.Ordinal);

            // Frozen: the container still runs (Docker says so) but Kong no longer answers HTTP.
            var (bodies, mails) = (http.Bodies.Count, smtp.Received.Length);
            await engine.KillAsync(kong.Name, "STOP");

            await WaitForAllAsync(http, smtp, "firing", "[FIRING:1] SupabaseKongDown on " + InstanceId, bodies, mails);
            var kongState = await prometheus.QueryAsync($"supabase_docker_container_status{{instance_id=\"{InstanceId}\",component=\"kong\"}}");
            Assert.Equal("1", kongState.GetProperty("result")[0].GetProperty("value")[1].GetString());

            (bodies, mails) = (http.Bodies.Count, smtp.Received.Length);
            await engine.KillAsync(kong.Name, "CONT");

            await WaitForAllAsync(http, smtp, "resolved", "[RESOLVED] SupabaseKongDown on " + InstanceId, bodies, mails);

            // What the operator reads, for review in the test log.
            output.WriteLine(string.Join("\n", http.Bodies.Where(b => b.Contains(InstanceId, StringComparison.Ordinal))));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n--- sinks ---\n{string.Join("\n", http.Bodies)}\n--- smtp ---\n{smtp.Received}\n--- alertmanager ---\n{alertmanager.LogTail()}", ex);
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
            await engine.RemoveAsync(studio.Name);
        }
    }

    private async Task StartAlertingAsync(SupawatchServer server, HttpSink http, SmtpSink smtp)
    {
        // The operator's variables, through the same mapping and validation as the CLI.
        await AlertingPipeline.StartAsync(prometheus, alertmanager, new Dictionary<string, string>
        {
            ["SLACK_WEBHOOK_URL"] = http.UrlFor("slack"),
            ["DISCORD_WEBHOOK_URL"] = http.UrlFor("discord"),
            ["WEBHOOK_URL"] = http.UrlFor("webhook"),
            ["ADMIN_EMAIL"] = "ops@example.com",
            ["SMTP_HOST"] = smtp.HostPort,
            ["SMTP_FROM"] = "supawatch@example.com",
            ["SMTP_REQUIRE_TLS"] = "false",
        }, TimeSpan.FromSeconds(2), AlertingPipeline.TargetOf(server), options =>
        {
            options.GroupWait = TimeSpan.FromSeconds(1);
            options.GroupInterval = TimeSpan.FromSeconds(2);
            options.RepeatInterval = TimeSpan.FromHours(1);
        });
        await Wait.UntilAsync(
            async () => (await prometheus.QueryAsync($"supabase_instance_info{{instance_id=\"{InstanceId}\",org_name=\"Acme\"}}")).GetProperty("result").GetArrayLength() == 1,
            TimeSpan.FromSeconds(30),
            "Prometheus to scrape the tenant from Supawatch");
        var kongUp = await prometheus.QueryAsync($"supabase_docker_container_status{{instance_id=\"{InstanceId}\",component=\"kong\"}}");
        Assert.Equal("1", kongUp.GetProperty("result")[0].GetProperty("value")[1].GetString());
    }

    /// <summary>Waits until every sink got <paramref name="title"/> among what arrived after the first <paramref name="bodiesBefore"/> bodies and <paramref name="mailBefore"/> characters of mail.</summary>
    private static async Task WaitForAllAsync(HttpSink http, SmtpSink smtp, string webhookStatus, string title, int bodiesBefore = 0, int mailBefore = 0)
    {
        await Wait.UntilAsync(
            () => Task.FromResult(
                http.Bodies.Skip(bodiesBefore).Any(b => b.StartsWith("/slack ", StringComparison.Ordinal) && b.Contains(title, StringComparison.Ordinal))
                && http.Bodies.Skip(bodiesBefore).Any(b => b.StartsWith("/discord ", StringComparison.Ordinal) && b.Contains(title, StringComparison.Ordinal))
                && http.Bodies.Skip(bodiesBefore).Any(b => b.StartsWith("/webhook ", StringComparison.Ordinal) && b.Contains($"\"status\":\"{webhookStatus}\"", StringComparison.Ordinal)
                                        && b.Contains(AlertNames.KongDown, StringComparison.Ordinal) && b.Contains(InstanceId, StringComparison.Ordinal))
                && smtp.Received[mailBefore..].Contains(title, StringComparison.Ordinal)),
            Delivery,
            $"'{title}' on Slack, Discord, the webhook and e-mail",
            TimeSpan.FromMilliseconds(250));
    }

    private static string Body(HttpSink http, string path, string containing) =>
        http.Bodies.Last(b => b.StartsWith(path + " ", StringComparison.Ordinal) && b.Contains(containing, StringComparison.Ordinal));
}
