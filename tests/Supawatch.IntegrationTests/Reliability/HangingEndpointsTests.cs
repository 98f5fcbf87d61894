using System.Globalization;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Reliability;

/// <summary>
/// Hundreds of tenant endpoints that accept a connection and never answer, beside a few that do: the real service
/// (in-process <c>serve</c>) on a fake Docker Engine that lists 320 instances, their Kong ports on a real
/// 127.0.0.1 listener that holds every connection silent, or on a real HTTP endpoint that answers 200.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class HangingEndpointsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Hanging = 300;
    private const int Answering = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(6);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _root = TempDirectory.Create("hang");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await TempDirectory.DeleteAsync(_root);

    [Fact]
    public async Task Serve_300KongsAcceptAndNeverAnswer_RoundsEndWithinOneAndAHalfTimeouts_OthersUpAndOnSchedule()
    {
        using var silent = new SilentListener();
        await using var answering = new HttpSink();
        var containers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Hanging; i++)
        {
            containers[$"hang_app_{i}_kong"] = silent.Port;
        }

        for (var i = 0; i < Answering; i++)
        {
            containers[$"live_app_{i}_kong"] = answering.Port;
        }

        await using var engine = await FakeDockerEngine.StartAsync(Path.Combine(_root, "docker.sock"), containers);
        await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = engine.DockerHost,
            ["DISCOVERY_INTERVAL"] = "3",
            ["HEALTH_CHECK_INTERVAL"] = Seconds(Interval),
            ["SUPAWATCH_HEALTH_TIMEOUT"] = Seconds(Timeout),
            // More slots than endpoints that can hang at once, so they all wait out one timeout together.
            ["SUPAWATCH_HEALTH_CONCURRENCY"] = "512",
            ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
        });

        // Two failed rounds in a row flip an instance to down (FailureThreshold); wait for the third.
        await Wait.UntilAsync(async () => (await StatusApi.GetAsync(server.StatusUrl)).GetProperty("round").GetInt64() >= 3,
            TimeSpan.FromSeconds(90), "three health rounds over 320 instances");
        var status = await StatusApi.GetAsync(server.StatusUrl);
        Assert.True(silent.Accepted >= Hanging, $"the silent listener held {silent.Accepted} connections, expected at least {Hanging}");
        for (var i = 0; i < Answering; i++)
        {
            Assert.Equal("up", StatusApi.StatusOf(status, $"live_app_{i}"));
        }

        var hangingDown = Enumerable.Range(0, Hanging).Count(i => StatusApi.StatusOf(status, $"hang_app_{i}") == "down");
        Assert.Equal(Hanging, hangingDown);
        Assert.Equal(Hanging + Answering, (await server.InstancesAsync()).GetProperty("instance_count").GetInt32());

        // The schedule: rounds keep coming every interval, and discovery keeps reconciling, while every round
        // has 300 checks hanging until their timeout.
        var before = new Exposition(await Http.GetStringAsync(server.MetricsUrl + "/metrics"));
        var roundsBefore = RoundCount(before);
        var watched = DateTimeOffset.UtcNow;
        await Wait.UntilAsync(async () => RoundCount(new Exposition(await Http.GetStringAsync(server.MetricsUrl + "/metrics"))) >= roundsBefore + 2,
            (Interval * 3) + TimeSpan.FromSeconds(10), "two more rounds, about one per interval");
        var after = new Exposition(await Http.GetStringAsync(server.MetricsUrl + "/metrics"));
        var elapsed = DateTimeOffset.UtcNow - watched;

        var rounds = RoundCount(after);
        var meanRound = after.Value("supawatch_health_round_duration_seconds_sum")!.Value / rounds;
        output.WriteLine(FormattableString.Invariant(
            $"{rounds} rounds, mean {meanRound:0.00} s at timeout {Timeout.TotalSeconds} s ({meanRound / Timeout.TotalSeconds:0.00}× timeout); two rounds took {elapsed.TotalSeconds:0.0} s at interval {Interval.TotalSeconds} s"));
        Assert.True(meanRound <= Timeout.TotalSeconds * 1.5,
            $"a round took {meanRound:0.00} s on average: more than 1.5× the {Timeout.TotalSeconds} s timeout, so hung checks queued behind hung checks");
        var dockerAge = DateTimeOffset.UtcNow.ToUnixTimeSeconds()
                        - after.Value("supawatch_source_last_success_timestamp_seconds", ("source", "docker"))!.Value;
        Assert.True(dockerAge <= 10, $"discovery's last Docker success is {dockerAge:0} s old with DISCOVERY_INTERVAL=3");
        Assert.Equal(1, after.Value("supawatch_source_up", ("source", "docker")));
    }

    private static double RoundCount(Exposition metrics) => metrics.Value("supawatch_health_round_duration_seconds_count") ?? 0;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(CultureInfo.InvariantCulture);
}
