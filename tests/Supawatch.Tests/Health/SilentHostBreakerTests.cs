using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Tests.Health;

public sealed class SilentHostBreakerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// For the tests whose answering checks must come out up: the loopback fake answered in up to 0.45 s at load 70, past
    /// the 0.3 s of the silent-only tests (which then failed for a slow answer, not for the breaker). 1 s failed the half-hanging
    /// test once in the unit suite beside a memory benchmark (2026-12-07, the message not kept): a stall as long as the
    /// timeout makes answering checks time out, and two such waves are 64 timeouts in a row.
    /// </summary>
    private static readonly TimeSpan AnsweringTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public void Record_ThresholdTimeoutsInARow_OneStartedAfterTheFirst_OpensForThatHostOnlyAndOnce()
    {
        var breaker = new SilentHostBreaker();

        var opened = Enumerable.Range(0, 70).Count(_ => breaker.Record("10.0.0.1", breaker.Starting(), timedOut: true));

        Assert.Equal(1, opened);
        Assert.True(breaker.IsOpen("10.0.0.1"));
        Assert.False(breaker.IsOpen("10.0.0.2"));
    }

    [Fact]
    public void Record_AWholeWaveTimedOutTogether_StaysClosedUntilACheckStartedAfterItTimesOut()
    {
        // 128 checks in flight time out together: a starved monitor looks like this too. Only a check started after the
        // first of them, timing out in turn, shows the host gave nothing for a whole timeout.
        var breaker = new SilentHostBreaker();
        var wave = Enumerable.Range(0, 128).Select(_ => breaker.Starting()).ToList();

        Assert.DoesNotContain(wave, ticket => breaker.Record("10.0.0.1", ticket, timedOut: true));
        Assert.False(breaker.IsOpen("10.0.0.1"));

        Assert.True(breaker.Record("10.0.0.1", breaker.Starting(), timedOut: true));
    }

    [Fact]
    public void Record_TwentySilentHostsSharingTheSlots_EveryOneOpensWithinTwelveWaves()
    {
        // 128 slots shared by 20 silent hosts in a random order: about 6 checks a host a wave. Counting against twice the
        // concurrency (256 in a row) took 41 or 42 waves (this simulation), ≈ 200 s at the 5 s timeout; now 11 or 12.
        var breaker = new SilentHostBreaker();
        var hosts = Enumerable.Range(1, 20).Select(i => $"10.0.0.{i}").ToArray();
        var random = new Random(7);
        var waves = 0;
        while (!hosts.All(breaker.IsOpen) && waves < 50)
        {
            waves++;
            // A check to an open host is reported at once and frees its slot: the 128 go to the hosts still closed.
            var closed = hosts.Where(h => !breaker.IsOpen(h)).ToArray();
            var inFlight = Enumerable.Range(0, 128).Select(_ => (Host: closed[random.Next(closed.Length)], Ticket: breaker.Starting())).ToList();
            foreach (var (host, ticket) in inFlight)
            {
                breaker.Record(host, ticket, timedOut: true);
            }
        }

        Assert.InRange(waves, 2, 12);
    }

    [Fact]
    public void Record_AnAnswerBetweenTimeouts_StartsTheStreakAgain()
    {
        var breaker = new SilentHostBreaker();
        for (var i = 0; i < 63; i++)
        {
            breaker.Record("10.0.0.1", breaker.Starting(), timedOut: true);
        }

        breaker.Record("10.0.0.1", breaker.Starting(), timedOut: false);
        breaker.Record("10.0.0.1", breaker.Starting(), timedOut: true);

        Assert.False(breaker.IsOpen("10.0.0.1"));
    }

    [Fact]
    public void Record_AnAnswerAfterItOpened_ClosesIt()
    {
        var breaker = new SilentHostBreaker();
        for (var i = 0; i < 64; i++)
        {
            breaker.Record("10.0.0.1", breaker.Starting(), timedOut: true);
        }

        Assert.True(breaker.IsOpen("10.0.0.1"));
        breaker.Record("10.0.0.1", breaker.Starting(), timedOut: false);

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

        Assert.All(results.Where((_, i) => i % 2 == 0), r => Assert.Equal("no answer within 2 s", r.Reason));
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
        return new ProbeRunner(new PostgresProbe(), options);
    }

    private static List<HealthCheck> Checks(int count, Func<int, string> address) =>
        [.. Enumerable.Range(0, count).Select(i => new HealthCheck($"i{i}", "studio", CheckNames.Http, Fleet.Container($"i{i}", "studio"), address(i)))];
}
