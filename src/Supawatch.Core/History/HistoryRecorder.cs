using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Supawatch.History;

/// <summary>
/// Keeps the history going whatever the store does. Rounds queue in memory and are written in order;
/// when the store is locked, corrupt, unwritable or on a full disk, checking goes on, completed rounds wait
/// (up to a bound), the last good summary keeps being served, the error is reported, and the next round retries.
/// A corrupt file is moved aside (kept for forensics) and a new store started. Never throws.
/// </summary>
public sealed class HistoryRecorder : IDisposable
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(2);

    private readonly string _path;
    private readonly TimeSpan _retention;
    private readonly int _maxPending;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Queue<HistoryRound> _pending = new();
    private readonly Lock _lock = new();
    private HistoryStore? _store;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public HistoryRecorder(string path, TimeSpan retention, TimeProvider time, ILogger<HistoryRecorder> logger, int maxPending = 1000)
    {
        _path = path;
        _retention = retention;
        _time = time;
        _logger = logger;
        _maxPending = maxPending;
    }

    public string Path => _path;

    public HistoryState State { get; private set; } = HistoryState.Healthy;

    /// <summary>The last summary read successfully; stale while the store fails.</summary>
    public HistorySummary Summary { get; private set; } = HistorySummary.Empty;

    /// <summary>Opens the store and reads what it holds (at start, to seed confirmed statuses).</summary>
    public HistorySummary Load()
    {
        lock (_lock)
        {
            Attempt(store => Summary = store.Read(_time.GetUtcNow()));
            return Summary;
        }
    }

    /// <summary>Queues a completed round, writes everything pending, and returns the freshest summary it has.</summary>
    public HistorySummary Record(HistoryRound round)
    {
        lock (_lock)
        {
            _pending.Enqueue(round);
            while (_pending.Count > _maxPending)
            {
                _pending.Dequeue();
                State = State with { DroppedRounds = State.DroppedRounds + 1 };
                HistoryLog.Dropped(_logger, State.DroppedRounds);
            }

            var wasFailing = !State.Ok;
            var written = 0;
            var ok = Attempt(store =>
            {
                while (_pending.TryPeek(out var next))
                {
                    store.Write(next);
                    _pending.Dequeue();
                    written++;
                }

                var now = _time.GetUtcNow();
                if (now - _lastPrune >= PruneEvery)
                {
                    var rows = store.Prune(now, _retention);
                    _lastPrune = now;
                    if (rows > 0)
                    {
                        HistoryLog.Pruned(_logger, rows);
                    }
                }

                Summary = store.Read(now);
            });

            if (ok && wasFailing)
            {
                HistoryLog.Recovered(_logger, _path, written);
            }

            State = State with { PendingRounds = _pending.Count };
            return Summary;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _store?.Dispose();
            _store = null;
        }
    }

    private bool Attempt(Action<HistoryStore> work)
    {
        try
        {
            _store ??= new HistoryStore(_path, BusyTimeout);
            work(_store);
            State = State with { Ok = true, Error = null, FailingSince = null };
            return true;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Fail(ex);
            return false;
        }
    }

    private void Fail(Exception exception)
    {
        _store?.Dispose();
        _store = null;
        var error = Describe(exception);
        if (exception is SqliteException { SqliteErrorCode: 11 or 26 })
        {
            var movedTo = MoveAside();
            if (movedTo is not null)
            {
                HistoryLog.MovedCorrupt(_logger, _path, movedTo);
                error = $"history store {_path} was corrupt; moved to {movedTo}, a new store starts with the next round";
            }
        }

        var now = _time.GetUtcNow();
        State = State with { Ok = false, Error = error, FailingSince = State.FailingSince ?? now, Errors = State.Errors + 1, PendingRounds = _pending.Count };
        HistoryLog.Failed(_logger, _path, _pending.Count, error);
    }

    private string Describe(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => $"history store {_path} is locked by another process; stop it or set Health:HistoryPath",
        SqliteException { SqliteErrorCode: 13 } => $"disk full: the history store {_path} cannot grow; free space on its disk",
        SqliteException { SqliteErrorCode: 11 or 26 } => $"history store {_path} is corrupt or not a SQLite database",
        SqliteException { SqliteErrorCode: 8 or 14 } => $"history store {_path} cannot be opened for writing; check the folder's permissions (SUPAWATCH_DATA_DIR)",
        SqliteException sqlite => $"history store {_path}: SQLite error {sqlite.SqliteErrorCode} ({sqlite.SqliteExtendedErrorCode})",
        UnauthorizedAccessException => $"history store {_path}: permission denied; check SUPAWATCH_DATA_DIR",
        IOException io when io.HResult == 28 || io.Message.Contains("space", StringComparison.OrdinalIgnoreCase) => $"disk full: cannot write the history store {_path}",
        _ => $"history store {_path}: {exception.GetType().Name}",
    };

    private string? MoveAside()
    {
        var target = $"{_path}.corrupt-{_time.GetUtcNow():yyyyMMddHHmmss}";
        try
        {
            File.Move(_path, target, overwrite: true);
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                if (File.Exists(_path + suffix))
                {
                    File.Move(_path + suffix, target + suffix, overwrite: true);
                }
            }

            return target;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
