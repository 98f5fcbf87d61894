using Supawatch.Common;

namespace Supawatch.Tests.Common;

public class DurationsTests
{
    [Theory]
    [InlineData("60", 60_000)]
    [InlineData("0.5", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("250ms", 250)]
    [InlineData("00:01:00", 60_000)]
    public void TryParse_OperatorForms_Parse(string text, double milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(milliseconds, value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("5 minutes")]
    public void TryParse_Garbage_Fails(string text) => Assert.False(Durations.TryParse(text, out _));
}
