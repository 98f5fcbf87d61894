using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Supawatch.Common;

namespace Supawatch.Notices;

/// <summary>
/// Maintenance windows and incident reports, in the history store's SQLite file (tables of their own, a connection of
/// their own; WAL lets it share the file with <see cref="History.HistoryStore"/>). Times are Unix milliseconds, UTC.
/// Throws <see cref="SqliteException"/> on trouble; <see cref="NoticeBoard"/> turns that into an answer.
/// </summary>
public sealed class NoticeStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS maintenance_windows(
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          target TEXT NOT NULL,
          start_at INTEGER NOT NULL,
          duration_ms INTEGER NOT NULL,
          recurrence TEXT,
          until_at INTEGER,
          note TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          removed_at INTEGER);
        CREATE TABLE IF NOT EXISTS incident_reports(
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          target TEXT NOT NULL,
          title TEXT NOT NULL,
          opened_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS incident_updates(
          id INTEGER PRIMARY KEY,
          incident_id INTEGER NOT NULL REFERENCES incident_reports(id),
          at INTEGER NOT NULL,
          stage TEXT NOT NULL,
          message TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS incident_updates_incident ON incident_updates(incident_id, id);
        """;

    private readonly SqliteConnection _connection;

    public NoticeStore(string path, TimeSpan busyTimeout)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)busyTimeout.TotalSeconds),
        }.ConnectionString);
        try
        {
            _connection.Open();
            Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={(long)busyTimeout.TotalMilliseconds};"));
            Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            Execute(Schema);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Stores a new window and returns it with its id.</summary>
    public MaintenanceWindow Add(MaintenanceWindow window)
    {
        using var command = Command(
            """
            INSERT INTO maintenance_windows(kind, target, start_at, duration_ms, recurrence, until_at, note, created_at)
            VALUES($kind, $target, $start, $duration, $recurrence, $until, $note, $created) RETURNING id
            """,
            ("$kind", window.Target.KindLabel), ("$target", window.Target.Id), ("$start", Ms(window.Start)),
            ("$duration", (long)window.Duration.TotalMilliseconds), ("$recurrence", window.Recurrence),
            ("$until", window.Until is { } u ? Ms(u) : null), ("$note", window.Note), ("$created", Ms(window.CreatedAt)));
        return window with { Id = (long)command.ExecuteScalar()! };
    }

    /// <summary>Marks a window removed; false when there is no such window still in force.</summary>
    public bool Remove(long id, DateTimeOffset at)
    {
        using var command = Command("UPDATE maintenance_windows SET removed_at = $at WHERE id = $id AND removed_at IS NULL", ("$id", id), ("$at", Ms(at)));
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Every window not removed, oldest first.</summary>
    public ImmutableArray<MaintenanceWindow> Windows()
    {
        var windows = ImmutableArray.CreateBuilder<MaintenanceWindow>();
        using var command = Command("SELECT id, kind, target, start_at, duration_ms, recurrence, until_at, note, created_at FROM maintenance_windows WHERE removed_at IS NULL ORDER BY id");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (NoticeTarget.ParseKind(reader.GetString(1)) is not { } kind)
            {
                continue;
            }

            windows.Add(new MaintenanceWindow(
                reader.GetInt64(0),
                new NoticeTarget(kind, reader.GetString(2)),
                Time(reader.GetInt64(3)),
                TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : Time(reader.GetInt64(6)),
                reader.GetString(7),
                Time(reader.GetInt64(8))));
        }

        return windows.ToImmutable();
    }

    /// <summary>Opens an incident report with its first update; returns its id.</summary>
    public long Open(NoticeTarget target, string title, IncidentUpdate first)
    {
        using var transaction = _connection.BeginTransaction();
        using var insert = Command("INSERT INTO incident_reports(kind, target, title, opened_at) VALUES($kind, $target, $title, $at) RETURNING id",
            ("$kind", target.KindLabel), ("$target", target.Id), ("$title", title), ("$at", Ms(first.At)));
        insert.Transaction = transaction;
        var id = (long)insert.ExecuteScalar()!;
        AddUpdate(transaction, id, first);
        transaction.Commit();
        return id;
    }

    /// <summary>Appends an update; false when there is no such incident.</summary>
    public bool Post(long incidentId, IncidentUpdate update)
    {
        using var transaction = _connection.BeginTransaction();
        using var exists = Command("SELECT count(*) FROM incident_reports WHERE id = $id", ("$id", incidentId));
        exists.Transaction = transaction;
        if ((long)exists.ExecuteScalar()! == 0)
        {
            return false;
        }

        AddUpdate(transaction, incidentId, update);
        transaction.Commit();
        return true;
    }

    /// <summary>Open reports, and those resolved after <paramref name="resolvedSince"/>, newest first.</summary>
    public ImmutableArray<IncidentReport> Incidents(DateTimeOffset resolvedSince)
    {
        var updates = new Dictionary<long, ImmutableArray<IncidentUpdate>.Builder>();
        using (var command = Command("SELECT incident_id, at, stage, message FROM incident_updates ORDER BY incident_id, id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                if (!updates.TryGetValue(id, out var list))
                {
                    updates[id] = list = ImmutableArray.CreateBuilder<IncidentUpdate>();
                }

                list.Add(new IncidentUpdate(Time(reader.GetInt64(1)), IncidentStages.Parse(reader.GetString(2)) ?? IncidentStage.Investigating, reader.GetString(3)));
            }
        }

        var reports = new List<IncidentReport>();
        using (var command = Command("SELECT id, kind, target, title, opened_at FROM incident_reports"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (NoticeTarget.ParseKind(reader.GetString(1)) is not { } kind)
                {
                    continue;
                }

                var id = reader.GetInt64(0);
                var report = new IncidentReport(id, new NoticeTarget(kind, reader.GetString(2)), reader.GetString(3), Time(reader.GetInt64(4)),
                    updates.TryGetValue(id, out var list) ? list.ToImmutable() : []);
                if (report.ResolvedAt is not { } resolved || resolved >= resolvedSince)
                {
                    reports.Add(report);
                }
            }
        }

        return [.. reports.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id)];
    }

    public void Dispose() => _connection.Dispose();

    private void AddUpdate(SqliteTransaction transaction, long incidentId, IncidentUpdate update)
    {
        using var command = Command("INSERT INTO incident_updates(incident_id, at, stage, message) VALUES($id, $at, $stage, $message)",
            ("$id", incidentId), ("$at", Ms(update.At)), ("$stage", update.Stage.ToLabel()), ("$message", update.Message));
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters) => _connection.Command(sql, parameters);
}
