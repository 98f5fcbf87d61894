using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Supawatch.History;
using Supawatch.Instances;

namespace Supawatch.Tests.History;

public sealed class HistoryRecorderTests : IDisposable
{
    private readonly HistoryTestFiles _files = new();

    [Fact]
    public void Record_StoreLockedByAnotherWriter_KeepsRoundsAndWritesThemWhenReleased()
    {
        using var recorder = NewRecorder();
        recorder.Record(Round(HealthStatus.Up));
        using (var locker = new SqliteConnection($"Data Source={_files.Database};Pooling=False"))
        {
            locker.Open();
            using var begin = locker.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();

            recorder.Record(Round(HealthStatus.Down));

            Assert.False(recorder.State.Ok);
            Assert.Contains("locked", recorder.State.Error, StringComparison.Ordinal);
            Assert.Equal(1, recorder.State.PendingRounds);
            Assert.Equal(1, recorder.Summary.For("i1")!.Uptime.Last24Hours.Up);
        }

        var summary = recorder.Record(Round(HealthStatus.Up));

        Assert.True(recorder.State.Ok);
        Assert.Equal(0, recorder.State.PendingRounds);
        Assert.Equal((2L, 1L), (summary.For("i1")!.Uptime.Last24Hours.Up, summary.For("i1")!.Uptime.Last24Hours.Down));
    }

    [Fact]
    public void Record_CorruptFile_MovesItAsideAndStartsANewStore()
    {
        File.WriteAllText(_files.Database, "this is not a sqlite database, just garbage that fills a page or two " + new string('x', 5000));
        using var recorder = NewRecorder();

        recorder.Record(Round(HealthStatus.Up));
        Assert.False(recorder.State.Ok);
        Assert.Contains("corrupt", recorder.State.Error, StringComparison.Ordinal);
        var summary = recorder.Record(Round(HealthStatus.Up));

        Assert.True(recorder.State.Ok);
        Assert.Equal(2, summary.For("i1")!.Uptime.Last24Hours.Up);
        Assert.Single(Directory.GetFiles(_files.Directory, "history.db.corrupt-*"));
    }

    [Fact]
    public void Record_FolderNotWritable_ReportsAndKeepsGoing()
    {
        var blocker = Path.Combine(_files.Directory, "not-a-dir");
        File.WriteAllText(blocker, "a file where a folder should be");
        using var recorder = new HistoryRecorder(Path.Combine(blocker, "history.db"), TimeSpan.FromDays(90), TimeProvider.System, NullLogger<HistoryRecorder>.Instance);

        recorder.Record(Round(HealthStatus.Up));
        recorder.Record(Round(HealthStatus.Up));

        Assert.False(recorder.State.Ok);
        Assert.Equal(2, recorder.State.Errors);
        Assert.Equal(2, recorder.State.PendingRounds);
        Assert.NotNull(recorder.State.Error);
    }

    [Fact]
    public void Record_QueueBeyondBound_DropsOldestAndCountsThem()
    {
        var blocker = Path.Combine(_files.Directory, "blocked");
        File.WriteAllText(blocker, "x");
        using var recorder = new HistoryRecorder(Path.Combine(blocker, "history.db"), TimeSpan.FromDays(90), TimeProvider.System, NullLogger<HistoryRecorder>.Instance, maxPending: 3);

        for (var i = 0; i < 5; i++)
        {
            recorder.Record(Round(HealthStatus.Up));
        }

        Assert.Equal(3, recorder.State.PendingRounds);
        Assert.Equal(2, recorder.State.DroppedRounds);
    }

    public void Dispose() => _files.Dispose();

    private HistoryRecorder NewRecorder() =>
        new(_files.Database, TimeSpan.FromDays(90), TimeProvider.System, NullLogger<HistoryRecorder>.Instance);

    private static HistoryRound Round(HealthStatus status) =>
        new(DateTimeOffset.UtcNow, [new HistorySample("i1", "org1", status, 1)], []);
}
