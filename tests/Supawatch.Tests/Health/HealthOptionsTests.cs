using Supawatch.Configuration;
using Supawatch.Health;
using Supawatch.Validation;

namespace Supawatch.Tests.Health;

public sealed class HealthOptionsTests
{
    [Fact]
    public void EffectiveTimeout_ShortInterval_IsEightyPercentOfIt()
    {
        Assert.Equal(TimeSpan.FromSeconds(1.6), new HealthOptions { Interval = TimeSpan.FromSeconds(2) }.EffectiveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), new HealthOptions { Interval = TimeSpan.FromSeconds(30) }.EffectiveTimeout);
    }

    [Fact]
    public void Validate_TimeoutNotBelowInterval_NamesTheVariable()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>
        {
            ["HEALTH_CHECK_INTERVAL"] = "10",
            ["SUPAWATCH_HEALTH_TIMEOUT"] = "10s",
            ["SUPAWATCH_HEALTH_CONCURRENCY"] = "0",
        });

        var errors = ConfigurationValidator.Validate(configuration);

        Assert.Contains(errors, e => e.StartsWith("SUPAWATCH_HEALTH_TIMEOUT:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SUPAWATCH_HEALTH_CONCURRENCY:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DbPasswordSet_IsNeverEchoed()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>
        {
            ["SUPAWATCH_DB_USER"] = "postgres",
            ["SUPAWATCH_DB_PASSWORD"] = "hunter2-secret",
            ["SUPAWATCH_HEALTH_TIMEOUT"] = "abc",
        });

        var errors = ConfigurationValidator.Validate(configuration);

        Assert.NotEmpty(errors);
        Assert.DoesNotContain(errors, e => e.Contains("hunter2-secret", StringComparison.Ordinal));
        Assert.True(SeedVariables.All.Single(v => v.Environment == "SUPAWATCH_DB_PASSWORD").IsSecret);
    }

    [Theory]
    [InlineData("200-499", 404, true)]
    [InlineData("200-399,401,403", 403, true)]
    [InlineData("200-399,401,403", 404, false)]
    [InlineData("200", 201, false)]
    public void StatusCodeRanges_Contains_MatchesRangesAndSingles(string ranges, int code, bool expected) =>
        Assert.Equal(expected, StatusCodeRanges.Parse(ranges).Contains(code));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("500-200")]
    [InlineData("99")]
    public void StatusCodeRanges_TryParse_RejectsNonsense(string text) => Assert.False(StatusCodeRanges.TryParse(text, out _));

    [Fact]
    public void NextDelay_JitterAndOverrun_StayWithinBounds()
    {
        var interval = TimeSpan.FromSeconds(30);

        Assert.Equal(TimeSpan.FromSeconds(27), HealthService.NextDelay(interval, 0.1, TimeSpan.Zero, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(33), HealthService.NextDelay(interval, 0.1, TimeSpan.Zero, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(20), HealthService.NextDelay(interval, 0.1, TimeSpan.FromSeconds(10), 0.5));
        Assert.Equal(TimeSpan.Zero, HealthService.NextDelay(interval, 0.1, TimeSpan.FromSeconds(40), 0.5));
    }

    [Fact]
    public void Validate_IntervalNotADuration_IsOneErrorNamingTheVariable()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string> { ["HEALTH_CHECK_INTERVAL"] = "x" });

        var error = Assert.Single(ConfigurationValidator.Validate(configuration));

        Assert.StartsWith("HEALTH_CHECK_INTERVAL: 'x' is not a positive duration", error, StringComparison.Ordinal);
    }
}
