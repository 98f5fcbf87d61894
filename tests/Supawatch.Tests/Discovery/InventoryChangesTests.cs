using Microsoft.Extensions.Logging;
using Supawatch.Discovery;
using Supawatch.Instances;

namespace Supawatch.Tests.Discovery;

public class InventoryChangesTests
{
    [Fact]
    public void ColdStart_LogsOneSummary_AndNoInstanceLineAtInformation()
    {
        var log = new RecordingLogger();
        var changes = new InventoryChanges(log);
        var partial = Snapshot(1, complete: false, "a", "b");

        changes.Log(InventorySnapshot.Empty, partial);
        changes.Log(partial, Snapshot(2, complete: true, "a", "b", "c", "d"));

        Assert.Equal(["Discovered 2 instances on 2 Docker hosts", "Discovered 4 instances on 3 Docker hosts"], log.At(LogLevel.Information));
        Assert.Equal(["Instance c appeared", "Instance d appeared"], log.At(LogLevel.Debug));
    }

    [Fact]
    public void AfterTheInventoryWasComplete_EachChangeIsOneLineAtInformation()
    {
        var log = new RecordingLogger();
        var changes = new InventoryChanges(log);
        var first = Snapshot(1, complete: true, "a", "b");
        changes.Log(InventorySnapshot.Empty, first);

        changes.Log(first, Snapshot(2, complete: true, "b", "c"));

        Assert.Equal(["Discovered 2 instances on 2 Docker hosts", "Instance c appeared", "Instance a disappeared"], log.At(LogLevel.Information));
        Assert.Empty(log.At(LogLevel.Debug));
    }

    private static InventorySnapshot Snapshot(long version, bool complete, params string[] ids) => new()
    {
        Version = version,
        TakenAt = DateTimeOffset.UnixEpoch,
        IsComplete = complete,
        // Hosts by the id's letter: a and c on host-a; b on host-b; d on host-d.
        Instances = [.. ids.Select(id => new Instance { InstanceId = id, Host = "host-" + (id == "c" ? "a" : id) })],
    };

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<(LogLevel Level, string Message)> _lines = [];

        public List<string> At(LogLevel level) => [.. _lines.Where(l => l.Level == level).Select(l => l.Message)];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Add((logLevel, formatter(state, exception)));
    }
}
