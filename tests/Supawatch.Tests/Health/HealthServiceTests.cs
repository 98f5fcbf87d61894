using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Supawatch.Configuration;
using Supawatch.Health;
using Supawatch.Instances;
using Supawatch.Status;
using Supawatch.Tests.History;

namespace Supawatch.Tests.Health;

public sealed class HealthServiceTests : IDisposable
{
    private readonly HistoryTestFiles _files = new();

    [Fact]
    public async Task Execute_TimeAdvancesByIntervals_RunsOneRoundPerInterval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        using var services = Services(time);
        var store = services.GetRequiredService<HealthStore>();
        services.GetRequiredService<InventoryStore>().Publish(Fleet.Snapshot(Fleet.Instance("i1", Fleet.Container("i1", "auth"))));
        var service = services.GetServices<IHostedService>().OfType<HealthService>().Single();

        await service.StartAsync(CancellationToken.None);
        var first = await store.WaitForNewerAsync(0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var rounds = new List<long> { first.Round };
        var starts = new List<DateTimeOffset> { first.CheckedAt!.Value };
        for (var i = 0; i < 3; i++)
        {
            // Step a second at a time (the loop may not have armed its timer yet when a step lands) up to a bound.
            var next = store.WaitForNewerAsync(rounds[^1], CancellationToken.None);
            var advanced = 0;
            while (!next.IsCompleted && advanced < 60)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                advanced++;
                await Task.WhenAny(next, Task.Delay(20));
            }

            var snapshot = await next.WaitAsync(TimeSpan.FromSeconds(10));
            rounds.Add(snapshot.Round);
            starts.Add(snapshot.CheckedAt!.Value);
        }

        await service.StopAsync(CancellationToken.None);

        Assert.Equal([1L, 2L, 3L, 4L], rounds);
        // 30 s interval, ±10% jitter, between the rounds' starts (the time each round read when it began). Counting the
        // seconds stepped instead also counted steps made while a slow round (a loaded machine) was still writing.
        var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.All(gaps, gap => Assert.InRange(gap, 27, 34));
        Assert.Equal(time.GetUtcNow(), store.Current.CheckedAt!.Value, TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Up, store.Current.Instances.Single().Status);
    }

    public void Dispose() => _files.Dispose();

    private ServiceProvider Services(TimeProvider time)
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>
        {
            ["SUPAWATCH_DATA_DIR"] = _files.Directory,
            ["SUPAWATCH_LOG_DIR"] = _files.Directory,
            ["HEALTH_CHECK_INTERVAL"] = "30",
            ["SUPAWATCH_EXPECTED_COMPONENTS"] = "auth",
        });
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(time);
        services.AddSingleton(new CollectorRegistry());
        services.AddHealth(configuration).AddHealthServices().AddStatusDocument();
        return services.BuildServiceProvider();
    }
}
