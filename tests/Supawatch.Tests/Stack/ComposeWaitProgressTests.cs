using Microsoft.Extensions.Time.Testing;
using Supawatch.Stack;

namespace Supawatch.Tests.Stack;

/// <summary>
/// The lines a compose start prints while it waits for health: one every 5 s at most, naming only what is not up yet
/// with its state, and saying when no container exists yet (images being pulled or built); and the two waits that print
/// them (<see cref="ComposeHealthWait"/>: beside compose's own <c>up --wait</c>, and compose 1.x's polling). A fake clock drives it.
/// </summary>
public sealed class ComposeWaitProgressTests : IDisposable
{
    private static readonly ComposeContainer PrometheusUp = new("prometheus", "supabase_prometheus", "running", "healthy", 0, "prom/prometheus");
    private static readonly ComposeContainer GrafanaStarting = new("grafana", "supabase_grafana", "running", "starting", 0, "grafana/grafana");
    private static readonly ComposeContainer AlertmanagerCreated = new("alertmanager", "supabase_alertmanager", "created", "", 0, "prom/alertmanager");

    private readonly FakeTimeProvider _time = new();
    private readonly StringWriter _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public void Report_EveryFiveSecondsAtMost_NamesWhatIsStillWaitedForAndHowLong()
    {
        var progress = new ComposeWaitProgress(_output, _time);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(progress.Report([PrometheusUp, GrafanaStarting, AlertmanagerCreated]));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(progress.Report([PrometheusUp, GrafanaStarting, AlertmanagerCreated]));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(progress.Report([PrometheusUp, GrafanaStarting]));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(progress.Report([PrometheusUp, GrafanaStarting]));

        Assert.Equal(
            [
                "still waiting (5 s) for: alertmanager (created), grafana (running, starting)",
                "still waiting (10 s) for: grafana (running, starting)",
            ],
            Lines());
    }

    [Fact]
    public void Report_NoContainerYet_SaysImagesAreBeingPulledOrBuilt()
    {
        var progress = new ComposeWaitProgress(_output, _time);

        _time.Advance(TimeSpan.FromSeconds(6));
        progress.Report([]);

        Assert.Equal(["still waiting (6 s): no container yet (pulling or building images)"], Lines());
    }

    [Fact]
    public void Report_EveryContainerUp_SaysComposeIsFinishing()
    {
        var progress = new ComposeWaitProgress(_output, _time);

        _time.Advance(TimeSpan.FromSeconds(5));
        progress.Report([PrometheusUp]);

        Assert.Equal(["still waiting (5 s): every container is up, compose is finishing"], Lines());
    }

    [Fact]
    public void Report_LongWait_OneLinePerIntervalNotPerPoll()
    {
        var progress = new ComposeWaitProgress(_output, _time);

        // Polled every second for a minute: twelve lines, not sixty.
        for (var second = 0; second < 60; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            progress.Report([GrafanaStarting]);
        }

        Assert.Equal(12, Lines().Length);
        Assert.Equal("still waiting (60 s) for: grafana (running, starting)", Lines()[^1]);
    }

    [Fact]
    public async Task UntilHealthy_Compose1x_PrintsWhatIsWaitedForUntilEveryContainerIsUp()
    {
        var progress = new ComposeWaitProgress(_output, _time);
        using var result = new StringWriter();
        var reads = 0;

        var failure = await ComposeHealthWait.UntilHealthyAsync(
            _ =>
            {
                // Each poll, five seconds pass on the fake clock: every poll but the last prints a line.
                _time.Advance(ComposeWaitProgress.Every);
                return Task.FromResult<IReadOnlyList<ComposeContainer>>(++reads < 3 ? [PrometheusUp, GrafanaStarting] : [PrometheusUp]);
            },
            TimeSpan.FromSeconds(30), result, progress, CancellationToken.None);

        Assert.Null(failure);
        Assert.Equal(["still waiting (5 s) for: grafana (running, starting)", "still waiting (10 s) for: grafana (running, starting)"], Lines());
        Assert.StartsWith("every container is up and healthy in", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportWhileRunning_ComposeUpWithWait_ALinePerIntervalUntilComposeReturns()
    {
        var progress = new ComposeWaitProgress(_output, _time);
        var up = new TaskCompletionSource();
        var reporting = ComposeHealthWait.ReportWhileRunningAsync(
            up.Task, _ => Task.FromResult<IReadOnlyList<ComposeContainer>>([AlertmanagerCreated]), progress, _time, CancellationToken.None);

        for (var tick = 0; tick < 200 && Lines().Length < 2; tick++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        up.SetResult();
        await reporting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("still waiting (5 s) for: alertmanager (created)", Lines()[0]);
        Assert.Matches(@"^still waiting \(1[0-9] s\) for: alertmanager \(created\)$", Lines()[1]);
    }

    private string[] Lines() => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}
