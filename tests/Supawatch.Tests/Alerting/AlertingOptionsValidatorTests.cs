using Supawatch.Configuration;
using Supawatch.Validation;

namespace Supawatch.Tests.Alerting;

/// <summary>Bad channel variables: errors naming the variable, never echoing a secret.</summary>
public sealed class AlertingOptionsValidatorTests
{
    [Theory]
    [InlineData("SLACK_WEBHOOK_URL", "hooks.slack.com/services/secret-token")]
    [InlineData("DISCORD_WEBHOOK_URL", "ftp://discord.example/secret-token")]
    [InlineData("WEBHOOK_URL", "not a url secret-token")]
    public void Validate_MalformedWebhook_NamesTheVariable_AndNeverEchoesIt(string variable, string value)
    {
        var error = Assert.Single(Validate(new() { [variable] = value }));

        Assert.StartsWith(variable, error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecondWebhookMalformed_SaysWhichEntry()
    {
        var error = Assert.Single(Validate(new() { ["WEBHOOK_URL"] = "https://a.example/x,bad-secret-token" }));

        Assert.StartsWith("WEBHOOK_URL (entry 2 of 2)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("bad-secret-token", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AlertTimings_ReachAlertingOptions_InSeconds()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>
        {
            ["SUPAWATCH_ALERT_GROUP_WAIT"] = "2",
            ["SUPAWATCH_ALERT_GROUP_INTERVAL"] = "10s",
            ["SUPAWATCH_ALERT_REPEAT_INTERVAL"] = "1h",
        });

        var options = Supawatch.Alerting.AlertingOptions.From(configuration);

        Assert.Empty(ConfigurationValidator.Validate(configuration));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)), (options.GroupWait, options.GroupInterval, options.RepeatInterval));
    }

    [Theory]
    [InlineData("SUPAWATCH_ALERT_GROUP_WAIT", "0")]
    [InlineData("SUPAWATCH_ALERT_GROUP_INTERVAL", "soon")]
    [InlineData("SUPAWATCH_ALERT_REPEAT_INTERVAL", "-5")]
    public void Validate_AlertTimingNotPositive_NamesTheVariable(string variable, string value)
    {
        var error = Assert.Single(Validate(new() { [variable] = value }));

        Assert.StartsWith(variable, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RepeatShorterThanGroupInterval_NamesBoth()
    {
        var error = Assert.Single(Validate(new() { ["SUPAWATCH_ALERT_GROUP_INTERVAL"] = "10m", ["SUPAWATCH_ALERT_REPEAT_INTERVAL"] = "5m" }));

        Assert.StartsWith("SUPAWATCH_ALERT_REPEAT_INTERVAL (5m)", error, StringComparison.Ordinal);
        Assert.Contains("SUPAWATCH_ALERT_GROUP_INTERVAL (10m)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SmtpHostWithoutPort_NamesSmtpHost()
    {
        var error = Assert.Single(Validate(new() { ["SMTP_HOST"] = "smtp.example.com", ["ADMIN_EMAIL"] = "ops@example.com" }));

        Assert.StartsWith("SMTP_HOST", error, StringComparison.Ordinal);
        Assert.Contains("port", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmailWithoutAt_NamesAdminEmail()
    {
        var error = Assert.Single(Validate(new() { ["SMTP_HOST"] = "smtp.example.com:587", ["ADMIN_EMAIL"] = "ops.example.com" }));

        Assert.StartsWith("ADMIN_EMAIL", error, StringComparison.Ordinal);
        Assert.Contains("@", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmailWithoutSmtpHost_SaysWhatIsMissing()
    {
        var error = Assert.Single(Validate(new() { ["ADMIN_EMAIL"] = "ops@example.com" }));

        Assert.Contains("SMTP_HOST", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SUPAWATCH_ALERT_API_5XX_PERCENT", "0", "a percent between 0.1 and 100")]
    [InlineData("SUPAWATCH_ALERT_API_5XX_PERCENT", "five", "a percent between 0.1 and 100")]
    [InlineData("SUPAWATCH_ALERT_API_LATENCY_MS", "2s", "whole milliseconds")]
    [InlineData("SUPAWATCH_ALERT_API_LATENCY_MS", "1.5", "whole milliseconds")]
    public void Validate_BadApiThreshold_NamesTheVariableAndWhatToWrite(string variable, string value, string hint)
    {
        var error = Assert.Single(Validate(new() { [variable] = value }));

        Assert.StartsWith($"{variable}: '{value}' is not {hint}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ApiThresholdsInRange_NoErrors() =>
        Assert.Empty(Validate(new() { ["SUPAWATCH_ALERT_API_5XX_PERCENT"] = "0.5", ["SUPAWATCH_ALERT_API_LATENCY_MS"] = "1500" }));

    [Fact]
    public void Validate_EveryChannelWellFormed_NoErrors()
    {
        Assert.Empty(Validate(new()
        {
            ["SLACK_WEBHOOK_URL"] = "https://hooks.slack.com/services/T/B/X",
            ["DISCORD_WEBHOOK_URL"] = "https://discord.com/api/webhooks/1/x",
            ["WEBHOOK_URL"] = "https://a.example/x, http://127.0.0.1:9000/hook",
            ["SMTP_HOST"] = "smtp.example.com:587",
            ["SMTP_USER"] = "alerts@example.com",
            ["SMTP_PASS"] = "pw",
            ["ADMIN_EMAIL"] = "ops@example.com,oncall@example.com",
            ["SMTP_REQUIRE_TLS"] = "false",
        }));
    }

    private static IReadOnlyList<string> Validate(Dictionary<string, string> environment) =>
        ConfigurationValidator.Validate(SupawatchConfiguration.Build(null, environment));
}
