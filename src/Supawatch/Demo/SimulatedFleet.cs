using System.Collections.Immutable;
using System.Threading.Channels;
using Supawatch.Instances;

namespace Supawatch.Demo;

/// <summary>
/// The fleet <c>supawatch demo</c> watches: tenants of three organizations whose containers fail and recover on a
/// schedule, so every part of Supawatch shows something within a minute. It stands in for the master database
/// (<see cref="IInstanceMetadataSource"/>) and drives the simulated engine's containers and events. Nothing in it touches a
/// real engine or a real tenant.
/// </summary>
public sealed class SimulatedFleet : IInstanceMetadataSource
{
    // Every fault repeats on one cycle, in windows placed so at most two of the six pageable tenants are down at once:
    // the demo shows tenant alerts, not a host outage (which needs half of a host's tenants down together).
    private static readonly TimeSpan Cycle = TimeSpan.FromMinutes(6);
    private readonly Lock _lock = new();
    private readonly List<Channel<SimulatedEvent>> _subscribers = [];
    private readonly ImmutableDictionary<string, InstanceMetadata> _metadata;
    private readonly TimeProvider _time;

    public SimulatedFleet(int extraTenants, TimeProvider time)
    {
        _time = time;
        StartedAt = time.GetUtcNow();
        var tenants = new List<(InstanceMetadata Metadata, SimulatedFault[] Kong, SimulatedFault[] Studio, SimulatedFault[] Db)>
        {
            (new("demo_acme_1", "org_acme", "Acme Corp (simulated)", "Storefront", "active"), [], [], []),
            (new("demo_acme_2", "org_acme", "Acme Corp (simulated)", "Checkout API", "active"),
                [Fault(SimulatedFaultKind.HttpError, 5, 150)], [], []),
            (new("demo_acme_3", "org_acme", "Acme Corp (simulated)", "Analytics", "active"), [], [], []),
            (new("demo_beta_1", "org_beta", "Beta Labs (simulated)", "Mobile backend", "active"),
                [], [Fault(SimulatedFaultKind.HttpError, 60, 120)], []),
            (new("demo_beta_2", "org_beta", "Beta Labs (simulated)", "Old prototype", "paused"), [], [], []),
            (new("demo_gamma_1", "org_gamma", "Gamma Health (simulated)", "Patient portal", "active"),
                [Fault(SimulatedFaultKind.Crash, 30, 25)], [], []),
            (new("demo_gamma_2", "org_gamma", "Gamma Health (simulated)", "Scheduling", "active"),
                [], [], [Fault(SimulatedFaultKind.Silent, 200, 90)]),
        };
        for (var i = 1; i <= extraTenants; i++)
        {
            tenants.Add((new($"demo_extra_{i}", $"org_extra_{(i % 10) + 1}", $"Extra org {(i % 10) + 1} (simulated)", $"Project {i}", "active"), [], [], []));
        }

        var containers = new List<SimulatedContainer>();
        foreach (var (metadata, kong, studio, db) in tenants)
        {
            var stopped = metadata.ExpectedState == "paused";
            containers.Add(new(metadata.InstanceId, "kong", 8000, kong, stopped));
            containers.Add(new(metadata.InstanceId, "studio", 3000, studio, stopped));
            containers.Add(new(metadata.InstanceId, "db", 5432, db, stopped));
            containers.Add(new(metadata.InstanceId, "auth", 0, [], stopped));
            containers.Add(new(metadata.InstanceId, "rest", 0, [], stopped));
        }

        foreach (var container in containers)
        {
            container.StartedAt = StartedAt - TimeSpan.FromHours(3);
            container.FinishedAt = container.StoppedOnPurpose ? StartedAt - TimeSpan.FromHours(1) : null;
        }

        Containers = containers;
        ById = containers.ToImmutableDictionary(c => c.Id, StringComparer.Ordinal);
        _metadata = tenants.ToImmutableDictionary(t => t.Metadata.InstanceId, t => t.Metadata, StringComparer.Ordinal);
    }

    public DateTimeOffset StartedAt { get; }
    public IReadOnlyList<SimulatedContainer> Containers { get; }
    public ImmutableDictionary<string, SimulatedContainer> ById { get; }
    public int InstanceCount => _metadata.Count;
    public TimeSpan Elapsed => _time.GetUtcNow() - StartedAt;

    public Task<IReadOnlyDictionary<string, InstanceMetadata>> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, InstanceMetadata>>(_metadata);

    /// <summary>A snapshot of one container's state, taken under the fleet's lock.</summary>
    public T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }

    /// <summary>Applies the schedule's crashes and restarts, once a second, and tells the event streams.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        try
        {
            do
            {
                Tick();
            }
            while (await ticker.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // The demo ends.
        }
    }

    /// <summary>A new reader of container events, until <see cref="Unsubscribe"/>.</summary>
    public ChannelReader<SimulatedEvent> Subscribe(out Channel<SimulatedEvent> channel)
    {
        channel = Channel.CreateBounded<SimulatedEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            _subscribers.Add(channel);
        }

        return channel.Reader;
    }

    public void Unsubscribe(Channel<SimulatedEvent> channel)
    {
        lock (_lock)
        {
            _subscribers.Remove(channel);
        }
    }

    private static SimulatedFault Fault(SimulatedFaultKind kind, int startSeconds, int lengthSeconds) =>
        new(kind, TimeSpan.FromSeconds(startSeconds), TimeSpan.FromSeconds(lengthSeconds), Cycle);

    private void Tick()
    {
        var now = _time.GetUtcNow();
        var since = now - StartedAt;
        lock (_lock)
        {
            foreach (var container in Containers.Where(c => !c.StoppedOnPurpose))
            {
                var crashed = container.Has(SimulatedFaultKind.Crash, since);
                if (crashed && container.Running)
                {
                    container.Running = false;
                    container.FinishedAt = now;
                    Publish(container, "die", now, exitCode: 137);
                }
                else if (!crashed && !container.Running)
                {
                    container.Running = true;
                    container.RestartCount++;
                    container.StartedAt = now;
                    container.FinishedAt = null;
                    Publish(container, "start", now, exitCode: null);
                }
            }
        }
    }

    private void Publish(SimulatedContainer container, string action, DateTimeOffset at, int? exitCode)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = container.Name };
        if (exitCode is { } code)
        {
            attributes["exitCode"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var message = new SimulatedEvent("container", action, new SimulatedEventActor(container.Id, attributes), at.ToUnixTimeSeconds());
        foreach (var subscriber in _subscribers)
        {
            subscriber.Writer.TryWrite(message);
        }
    }
}
