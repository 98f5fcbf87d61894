using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Tests.Health;

public sealed class SilentHostBreakerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// For the tests whose answering checks must come out up: the loopback fake answered in up to 0.45 s at load 70, past
    /// the 0.3 s of the silent-only tests (which then failed for a slow answer, not for the breaker).
    /// </summary>
    private static readonly TimeSpan AnsweringTimeout = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(1, 64)]
    [InlineData(32, 64)]
    [InlineData(128, 256)]
    public void Threshold_IsTwiceTheConcurrencyAndNeverBelowTheFloor(int concurrency, int threshold) =>
        Assert.Equal(threshold, new SilentHostBreaker(concurrency).Threshold);

    [Fact]
    public void Record_ThresholdTimeoutsInARow_OpensForThatHostOnlyAndOnce()
    {
        var breaker = new SilentHostBreaker(32);

        var opened = Enumerable.Range(0, 70).Count(_ => breaker.Record("10.0.0.1", timedOut: true));

        Assert.Equal(1, opened);
        Assert.True(breaker.IsOpen("10.0.0.1"));
        Assert.False(breaker.IsOpen("10.0.0.2"));
    }

    [Fact]
    public void Record_AnAnswerBetweenTimeouts_StartsTheStreakAgain()
    {
        var breaker = new SilentHostBreaker(32);
        for (var i = 0; i < 63; i++)
        {
            breaker.Record("10.0.0.1", timedOut: true);
        }

        breaker.Record("10.0.0.1", timedOut: false);
        breaker.Record("10.0.0.1", timedOut: true);

        Assert.False(breaker.IsOpen("10.0.0.1"));
    }

    [Fact]
    public void Record_AnAnswerAfterItOpened_ClosesIt()
    {
        var breaker = new SilentHostBreaker(1);
        for (var i = 0; i < 64; i++)
        {
            breaker.Record("10.0.0.1", timedOut: true);
        }

        breaker.Record("10.0.0.1", timedOut: false);

        Assert.False(breaker.IsOpen("10.0.0.1"));
    }

    [Fact]
    public async Task Run_SilentHost_WaitsTwoWavesAndReportsTheRestNotTried()
    {
        await using var silent = LoopbackServer.Silent();
        var runner = Runner(concurrency: 32);

        var results = await runner.RunAsync(Checks(400, _ => silent.Address), new Dictionary<string, int>(), CancellationToken.None);

        // Tripped at the 64th timeout; the checks already started by then (one slot each) still ran to theirs.
        var tried = results.Count(r => r.Reason == "no answer within 0.3 s");
        Assert.InRange(tried, 64, 64 + 32);
        Assert.All(results, r => Assert.Equal(HealthStatus.Down, r.Status));
        Assert.Equal(400 - tried, results.Count(r => r.Reason == "not tried after 64 timeouts in a row to this host"));

        // A check not tried has no response time: its zero must not show as one on the page or in the duration series.
        var notTried = results.Where(r => !r.Tried).ToList();
        Assert.Equal(400 - tried, notTried.Count);
        Assert.Null(new ComponentHealth("studio", HealthStatus.Down, [.. notTried]).ResponseTime);
        Assert.NotNull(new ComponentHealth("studio", HealthStatus.Down, [.. results]).ResponseTime);
    }

    [Fact]
    public async Task Run_HalfTheTenantsHangOnTheSameHost_EveryCheckIsTriedAndTheOthersStayUp()
    {
        await using var silent = LoopbackServer.Silent();
        await using var ok = LoopbackServer.Http(200);
        var runner = Runner(concurrency: 32, AnsweringTimeout);

        var results = await runner.RunAsync(Checks(400, i => i % 2 == 0 ? silent.Address : ok.Address), new Dictionary<string, int>(), CancellationToken.None);

        Assert.All(results.Where((_, i) => i % 2 == 0), r => Assert.Equal("no answer within 1 s", r.Reason));
        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.Equal(HealthStatus.Up, r.Status));
    }

    [Fact]
    public async Task Run_ARunOfHangingTenantsBeforeAnsweringOnes_TheAnsweringOnesAreStillTried()
    {
        // In plan order the first 200 checks would time out in a row and trip the breaker for the 200 after them;
        // the runner's random order makes a row of 64 timeouts among 400 half-answering checks all but impossible.
        await using var silent = LoopbackServer.Silent();
        await using var ok = LoopbackServer.Http(200);
        var runner = Runner(concurrency: 32, AnsweringTimeout);

        var results = await runner.RunAsync(Checks(400, i => i < 200 ? silent.Address : ok.Address), new Dictionary<string, int>(), CancellationToken.None);

        Assert.All(results.Skip(200), r => Assert.Equal(HealthStatus.Up, r.Status));
    }

    [Fact]
    public async Task Run_HostRefuses_RefusalsAreAnswersAndEveryCheckIsTried()
    {
        var closed = $"127.0.0.1:{LoopbackServer.ClosedPort()}";
        var runner = Runner(concurrency: 8);

        var results = await runner.RunAsync(Checks(200, _ => closed), new Dictionary<string, int>(), CancellationToken.None);

        Assert.All(results, r => Assert.Equal("connection refused", r.Reason));
    }

    [Fact]
    public async Task Run_NextRoundAfterTheHostTripped_ProbesItAfresh()
    {
        await using var silent = LoopbackServer.Silent();
        await using var ok = LoopbackServer.Http(200);
        var runner = Runner(concurrency: 32, AnsweringTimeout);
        await runner.RunAsync(Checks(200, _ => silent.Address), new Dictionary<string, int>(), CancellationToken.None);

        var recovered = await runner.RunAsync(Checks(200, _ => ok.Address), new Dictionary<string, int>(), CancellationToken.None);

        Assert.All(recovered, r => Assert.Equal(HealthStatus.Up, r.Status));
    }

    private static ProbeRunner Runner(int concurrency, TimeSpan? timeout = null)
    {
        var options = new HealthOptions { Interval = TimeSpan.FromSeconds(5), Timeout = timeout ?? Timeout, Concurrency = concurrency };
        return new ProbeRunner(new HttpProbe(new HttpClient(HttpProbe.CreateHandler(options.EffectiveTimeout))), new PostgresProbe(), options);
    }

    private static List<HealthCheck> Checks(int count, Func<int, string> address) =>
        [.. Enumerable.Range(0, count).Select(i => new HealthCheck($"i{i}", "studio", CheckNames.Http, Fleet.Container($"i{i}", "studio"), address(i)))];
}
