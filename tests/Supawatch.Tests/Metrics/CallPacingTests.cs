using Microsoft.Extensions.Time.Testing;
using Supawatch.Metrics;

namespace Supawatch.Tests.Metrics;

public sealed class CallPacingTests
{
    private static readonly TimeSpan HalfOf15s = TimeSpan.FromSeconds(7.5);

    [Theory]
    [InlineData(3000, 0)]
    [InlineData(1, 500)]
    [InlineData(0, 500)]
    public void Spacing_UnpacedOrNothingToSpread_IsZero(int calls, int perSecond)
    {
        Assert.Equal(TimeSpan.Zero, CallPacing.Spacing(calls, perSecond, HalfOf15s));
    }

    [Fact]
    public void Spacing_FitsTheLimit_IsOneOverTheRate()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(2), CallPacing.Spacing(3000, 500, HalfOf15s));
    }

    [Fact]
    public void Spacing_TooManyCallsForTheRate_StartsTheLastOneWithinTheLongestSpread()
    {
        var spacing = CallPacing.Spacing(10_001, 500, HalfOf15s);

        Assert.Equal(HalfOf15s, spacing * 10_000);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(15, 0)]
    [InlineData(16, 32)]
    [InlineData(47, 64)]
    public void DueTime_CallsStartInBatches(int index, int dueMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(dueMilliseconds), CallPacing.DueTime(index, TimeSpan.FromMilliseconds(2), batch: 16));
    }

    [Fact]
    public async Task WaitForTurnAsync_WaitsUntilItsDueTime()
    {
        var time = new FakeTimeProvider();
        var started = time.GetTimestamp();

        var turn = CallPacing.WaitForTurnAsync(started, TimeSpan.FromMilliseconds(20), time, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(19));
        Assert.False(turn.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        await turn.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void WaitForTurnAsync_AlreadyDue_CompletesAtOnce()
    {
        var time = new FakeTimeProvider();
        var started = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(30));

        Assert.True(CallPacing.WaitForTurnAsync(started, TimeSpan.FromMilliseconds(20), time, CancellationToken.None).IsCompleted);
    }
}
