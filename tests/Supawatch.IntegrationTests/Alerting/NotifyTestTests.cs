using Supawatch.Alerting;
using Supawatch.Cli;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Alerting;

/// <summary><c>supawatch notify test</c> against a real Alertmanager running the rendered configuration.</summary>
public sealed class NotifyTestTests(AlertmanagerFixture alertmanager) : IClassFixture<AlertmanagerFixture>
{
    [Fact]
    public async Task NotifyTest_OneChannel_ReachesOnlyThatChannelsSink()
    {
        await using var http = new HttpSink();
        var options = new AlertingOptions
        {
            AlertmanagerUrl = alertmanager.Url,
            SlackWebhookUrl = http.UrlFor("slack"),
            DiscordWebhookUrl = http.UrlFor("discord"),
            GroupWait = TimeSpan.FromSeconds(1),
        };
        await alertmanager.StartAsync(AlertmanagerConfig.Render(AlertmanagerConfig.Build(options)));
        var output = new StringWriter();

        var exit = await NotifyCommand.TestAsync(options, "discord", output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("sent SupawatchTestAlert", output.ToString(), StringComparison.Ordinal);
        await Wait.UntilAsync(
            () => Task.FromResult(http.Bodies.Any(b => b.StartsWith("/discord ", StringComparison.Ordinal) && b.Contains(NotifyCommand.TestAlertName, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the test alert on the Discord sink");
        var alert = Assert.Single(await alertmanager.GetAlertsAsync(), a => a.GetProperty("labels").GetProperty("alertname").GetString() == NotifyCommand.TestAlertName);
        Assert.Equal("discord", alert.GetProperty("labels").GetProperty(AlertmanagerConfig.TestChannelLabel).GetString());
        Assert.DoesNotContain(http.Bodies, b => b.StartsWith("/slack ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotifyTest_AlertmanagerUnreachable_SaysWhereAndWhichVariable()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var errors = new StringWriter();

        var exit = await NotifyCommand.TestAsync(new AlertingOptions { AlertmanagerUrl = url, WebhookUrls = "http://127.0.0.1:9/x" }, null, TextWriter.Null, errors, CancellationToken.None);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains($"cannot reach Alertmanager at {url} (ALERTMANAGER_URL)", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyTest_ChannelNotConfigured_NamesTheVariable()
    {
        var errors = new StringWriter();

        var exit = await NotifyCommand.TestAsync(new AlertingOptions { AlertmanagerUrl = alertmanager.Url }, "slack", TextWriter.Null, errors, CancellationToken.None);

        Assert.Equal(ExitCodes.BadConfiguration, exit);
        Assert.Contains("SLACK_WEBHOOK_URL", errors.ToString(), StringComparison.Ordinal);
    }
}
