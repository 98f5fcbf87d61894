using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Supawatch.Notices;

/// <summary>
/// Keeps one Alertmanager silence per maintenance occurrence that is running or starts within <see cref="Lead"/>, for
/// exactly that occurrence's time, and expires it when its window is removed early. Silences are found again by their
/// <c>createdBy</c> (<see cref="CreatedBy"/>) and comment marker, so a restart of Supawatch creates no duplicate.
/// Alertmanager unreachable: the window still applies to the page; the attempt is retried after 2 s, doubling to
/// 60 s, and <c>supawatch_maintenance_silences_in_sync</c> and <c>/readyz</c> say so.
/// </summary>
public sealed partial class SilenceSync : BackgroundService
{
    public const string CreatedBy = "supawatch";

    /// <summary>A silence is made this long before its occurrence starts: an Alertmanager down at the start still mutes it.</summary>
    public static readonly TimeSpan Lead = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(60);

    private readonly NoticeBoard _board;
    private readonly AlertmanagerSilences _alertmanager;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Gauge _inSync;
    private readonly Gauge _silences;
    private readonly Gauge _active;
    private readonly Counter _errors;
    private bool _holdsSilences;

    public SilenceSync(NoticeBoard board, AlertmanagerSilences alertmanager, CollectorRegistry registry, TimeProvider time, ILogger<SilenceSync> logger)
    {
        _board = board;
        _alertmanager = alertmanager;
        _time = time;
        _logger = logger;
        var metrics = Prometheus.Metrics.WithCustomRegistry(registry);
        _inSync = metrics.CreateGauge("supawatch_maintenance_silences_in_sync",
            "1 when every running or imminent maintenance window has its Alertmanager silence; 0 while creating or expiring one fails (retried with backoff).");
        _silences = metrics.CreateGauge("supawatch_maintenance_silences", "Alertmanager silences Supawatch holds for running or imminent maintenance windows.");
        _active = metrics.CreateGauge("supawatch_maintenance_windows_active", "Maintenance windows running now.");
        _errors = metrics.CreateCounter("supawatch_maintenance_silence_errors_total", "Failed attempts to create, list or expire maintenance silences in Alertmanager.");
        _inSync.Set(1);
    }

    public SilenceSyncState State { get; private set; } = SilenceSyncState.Initial;

    /// <summary>The comment that marks a silence as this occurrence's: <c>supawatch maintenance window 12, occurrence 2026-12-06T03:00:00Z: note</c>.</summary>
    public static string Marker(MaintenanceOccurrence occurrence) =>
        $"supawatch maintenance window {occurrence.Window.Id.ToString(CultureInfo.InvariantCulture)}, occurrence {occurrence.Start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";

    /// <summary>The silence for an occurrence: the target's alert label matched exactly, for the occurrence's time.</summary>
    public static AlertmanagerSilence SilenceFor(MaintenanceOccurrence occurrence) => new()
    {
        Matchers = [new AlertmanagerMatcher(occurrence.Window.Target.AlertLabel, occurrence.Window.Target.Id)],
        StartsAt = occurrence.Start,
        EndsAt = occurrence.End,
        CreatedBy = CreatedBy,
        Comment = occurrence.Window.Note.Length == 0 ? Marker(occurrence) : $"{Marker(occurrence)}: {occurrence.Window.Note}",
    };

    /// <summary>One pass: create what is missing, expire what no window wants any more.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        _board.Refresh();
        var now = _time.GetUtcNow();
        var notices = _board.Current;
        _active.Set(notices.ActiveAt(now).Count());
        var wanted = notices.Windows
            .SelectMany(w => w.Occurrences(now, now + Lead))
            .ToDictionary(Marker, StringComparer.Ordinal);
        if (wanted.Count == 0 && !_holdsSilences)
        {
            // Nothing to hold and nothing held: Alertmanager need not be asked (nor be there).
            Succeeded(0);
            return;
        }

        var held = (await _alertmanager.ListAsync(cancellationToken))
            .Where(s => s.CreatedBy == CreatedBy && s.Status?.State is "active" or "pending" && s.Id is not null && MarkerPattern().IsMatch(s.Comment))
            .ToList();
        var heldMarkers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var silence in held)
        {
            var marker = MarkerOf(silence.Comment)!;
            if (wanted.ContainsKey(marker) && heldMarkers.Add(marker))
            {
                continue;
            }

            // Its window was removed (or this is a second copy): expire it now.
            await _alertmanager.ExpireAsync(silence.Id!, cancellationToken);
            var windowId = WindowId(marker);
            var wantedMarkers = string.Join("; ", wanted.Keys);
            NoticesLog.SilenceExpired(_logger, silence.Id!, marker, windowId, wantedMarkers);
        }

        foreach (var (marker, occurrence) in wanted)
        {
            if (heldMarkers.Contains(marker))
            {
                continue;
            }

            var id = await _alertmanager.CreateAsync(SilenceFor(occurrence), cancellationToken);
            NoticesLog.SilenceCreated(_logger, id, occurrence.Window.Id, occurrence.Start, occurrence.End);
        }

        Succeeded(wanted.Count);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = _board.Changed;
            var delay = Idle;
            try
            {
                await SyncAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is HttpRequestException or TimeoutException or System.Text.Json.JsonException or NotSupportedException)
            {
                delay = Failed(ex.Message);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                await Task.WhenAny(changed, Task.Delay(delay, _time, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override void Dispose()
    {
        _alertmanager.Dispose();
        base.Dispose();
    }

    private void Succeeded(int silences)
    {
        if (!State.InSync)
        {
            NoticesLog.SyncRecovered(_logger);
        }

        _holdsSilences = silences > 0;
        State = new SilenceSyncState(true, 0, null, null, silences);
        _inSync.Set(1);
        _silences.Set(silences);
    }

    private TimeSpan Failed(string error)
    {
        var failures = State.Failures + 1;
        State = new SilenceSyncState(false, failures, error, State.FailingSince ?? _time.GetUtcNow(), State.Silences);
        // A failed pass may have left silences behind: look again next time even if no window wants one.
        _holdsSilences = true;
        _inSync.Set(0);
        _errors.Inc();
        var retry = RetryDelay(failures);
        NoticesLog.SyncFailed(_logger, failures, (long)retry.TotalMilliseconds, error);
        return retry;
    }

    /// <summary>2 s after the first failure, doubling, at most 60 s.</summary>
    public static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromSeconds(Math.Min(LastRetry.TotalSeconds, FirstRetry.TotalSeconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 10))));

    /// <summary>The marker a silence's comment starts with, or null when it is not one of ours.</summary>
    public static string? MarkerOf(string comment) => MarkerPattern().Match(comment) is { Success: true } match ? match.Value : null;

    private static long WindowId(string marker) =>
        long.TryParse(MarkerPattern().Match(marker).Groups["id"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;

    [GeneratedRegex(@"^supawatch maintenance window (?<id>[0-9]+), occurrence [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")]
    private static partial Regex MarkerPattern();
}
