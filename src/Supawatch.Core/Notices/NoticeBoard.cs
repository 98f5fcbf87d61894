using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Notices;

/// <summary>
/// Maintenance windows and incident reports: validates what the operator asks for, keeps it in the
/// <see cref="NoticeStore"/> and publishes a <see cref="NoticeSnapshot"/> that the health round (as its
/// <see cref="IMaintenanceCalendar"/>), the silences, status.json, the page and the feeds read. Never throws on a store fault:
/// the change is refused with 503 and the last snapshot stays.
/// </summary>
public sealed class NoticeBoard : IMaintenanceCalendar, IDisposable
{
    /// <summary>How long a resolved incident report stays on the page, in status.json and the feeds.</summary>
    public static readonly TimeSpan ResolvedKept = TimeSpan.FromDays(7);


    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryLoadAfter = TimeSpan.FromSeconds(10);

    private readonly string _path;
    private readonly InventoryStore _inventory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private NoticeStore? _store;
    private NoticeSnapshot _current = NoticeSnapshot.Empty;
    private bool _loaded;
    private DateTimeOffset _lastLoadAttempt = DateTimeOffset.MinValue;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NoticeBoard(string path, InventoryStore inventory, TimeProvider time, ILogger<NoticeBoard> logger)
    {
        _path = path;
        _inventory = inventory;
        _time = time;
        _logger = logger;
    }

    /// <summary>The latest snapshot (loaded from the store on first use).</summary>
    public NoticeSnapshot Current
    {
        get
        {
            if (!Volatile.Read(ref _loaded) && _time.GetUtcNow() - _lastLoadAttempt > RetryLoadAfter)
            {
                lock (_lock)
                {
                    _lastLoadAttempt = _time.GetUtcNow();
                    Reload(signal: true);
                }
            }

            return Volatile.Read(ref _current);
        }
    }

    /// <summary>The last store error, or null while the store works.</summary>
    public string? StoreError { get; private set; }

    /// <summary>Completes at the next change (or reload); for the silence loop.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public bool InMaintenance(string instanceId, string? orgId, string host, DateTimeOffset at) =>
        Current.Windows.Any(w => w.Target.Covers(instanceId, orgId, host) && w.OccurrenceAt(at) is not null);

    public NoticeResult<MaintenanceWindow> Schedule(MaintenanceRequest request)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var snapshot = _inventory.Current;
            var (window, error) = MaintenanceSchedule.Validate(request, Current.Windows, t => IsKnown(snapshot, t), now);
            if (window is null)
            {
                var status = error!.StartsWith("unknown ", StringComparison.Ordinal) ? 404
                    : error.StartsWith("overlaps ", StringComparison.Ordinal) ? 409
                    : error.StartsWith("the window ends in the past", StringComparison.Ordinal) ? 422 : 400;
                return Fail<MaintenanceWindow>(status, error);
            }

            MaintenanceWindow? stored = null;
            if (!Attempt(store => stored = store.Add(window)))
            {
                return Fail<MaintenanceWindow>(503, StoreError!);
            }

            NoticesLog.WindowAdded(_logger, stored!.Id, stored.Target, stored.Start, stored.Duration, stored.Recurrence);
            Reload(signal: true);
            return new NoticeResult<MaintenanceWindow>(stored, 201, null);
        }
    }

    /// <summary>Removes a window; its silence is expired by the silence loop.</summary>
    public NoticeResult<MaintenanceWindow> Remove(long id)
    {
        lock (_lock)
        {
            var window = Current.Windows.FirstOrDefault(w => w.Id == id);
            var removed = false;
            if (!Attempt(store => removed = store.Remove(id, _time.GetUtcNow())))
            {
                return Fail<MaintenanceWindow>(503, StoreError!);
            }

            if (!removed || window is null)
            {
                return Fail<MaintenanceWindow>(404, $"no maintenance window {id} in force (see GET /api/v1/maintenance)");
            }

            NoticesLog.WindowRemoved(_logger, id);
            Reload(signal: true);
            return new NoticeResult<MaintenanceWindow>(window, 200, null);
        }
    }

    /// <summary>Opens an incident report on an organization or an instance.</summary>
    public NoticeResult<IncidentReport> Open(IncidentRequest request)
    {
        lock (_lock)
        {
            var (target, title, first, status, error) = IncidentRequestRules.Opening(request, _inventory.Current, _time.GetUtcNow());
            if (first is null)
            {
                return Fail<IncidentReport>(status, error!);
            }

            long id = 0;
            if (!Attempt(store => id = store.Open(target!, title!, first)))
            {
                return Fail<IncidentReport>(503, StoreError!);
            }

            NoticesLog.IncidentPosted(_logger, id, target!, first.Stage);
            Reload(signal: true);
            return new NoticeResult<IncidentReport>(Current.Incidents.First(i => i.Id == id), 201, null);
        }
    }

    /// <summary>Posts an update (a message and the stage it moves to; <c>resolved</c> closes it).</summary>
    public NoticeResult<IncidentReport> Post(long id, IncidentRequest request)
    {
        lock (_lock)
        {
            var report = Current.Incidents.FirstOrDefault(i => i.Id == id);
            if (report is null)
            {
                return Fail<IncidentReport>(404, $"no incident report {id} open or recently resolved (see GET /api/v1/incidents)");
            }

            var (update, error) = IncidentRequestRules.Update(request, report.Stage, _time.GetUtcNow());
            if (update is null)
            {
                return Fail<IncidentReport>(400, error!);
            }

            if (!Attempt(store => store.Post(id, update)))
            {
                return Fail<IncidentReport>(503, StoreError!);
            }

            NoticesLog.IncidentPosted(_logger, id, report.Target, update.Stage);
            Reload(signal: true);
            return new NoticeResult<IncidentReport>(Current.Incidents.First(i => i.Id == id), 200, null);
        }
    }

    private static NoticeResult<T> Fail<T>(int statusCode, string error)
        where T : class => new(null, statusCode, error);

    public void Dispose()
    {
        lock (_lock)
        {
            _store?.Dispose();
            _store = null;
        }
    }

    /// <summary>Known targets: instances and organizations of the inventory, hosts by their <c>DOCKER_HOSTS</c> name.</summary>
    public static bool IsKnown(InventorySnapshot snapshot, NoticeTarget target) => target.Kind switch
    {
        NoticeTargetKind.Instance => snapshot.Find(target.Id) is not null,
        NoticeTargetKind.Organization => snapshot.Instances.Any(i => i.OrgId == target.Id),
        _ => snapshot.Instances.Any(i => i.Host == target.Id) || snapshot.Sources.Any(s => s.Host == target.Id),
    };

    /// <summary>Drops windows and reports that are over from the snapshot (the silence loop calls it now and then).</summary>
    public void Refresh()
    {
        lock (_lock)
        {
            Reload(signal: false);
        }
    }

    /// <summary>Reads the store into a new snapshot and, after a change, wakes whoever waits for one. Call under the lock.</summary>
    private void Reload(bool signal)
    {
        var now = _time.GetUtcNow();
        ImmutableArray<MaintenanceWindow> windows = [];
        ImmutableArray<IncidentReport> incidents = [];
        if (Attempt(store =>
        {
            windows = MaintenanceSchedule.Current(store.Windows(), now);
            incidents = store.Incidents(now - ResolvedKept);
        }))
        {
            var same = _loaded
                && windows.Select(w => w.Id).SequenceEqual(_current.Windows.Select(w => w.Id))
                && incidents.Select(i => (i.Id, i.Updates.Length)).SequenceEqual(_current.Incidents.Select(i => (i.Id, i.Updates.Length)));
            if (!same)
            {
                Volatile.Write(ref _current, new NoticeSnapshot(_current.Version + 1, windows, incidents));
            }

            Volatile.Write(ref _loaded, true);
        }

        if (signal)
        {
            Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    private bool Attempt(Action<NoticeStore> work)
    {
        try
        {
            _store ??= new NoticeStore(_path, BusyTimeout);
            work(_store);
            StoreError = null;
            return true;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            _store?.Dispose();
            _store = null;
            StoreError = ex is SqliteException sqlite
                ? $"history store {_path}: SQLite error {sqlite.SqliteErrorCode}; check SUPAWATCH_DATA_DIR (space, permissions)"
                : $"history store {_path}: {ex.GetType().Name}; check SUPAWATCH_DATA_DIR";
            NoticesLog.StoreFailed(_logger, _path, StoreError);
            return false;
        }
    }
}
