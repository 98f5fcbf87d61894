using System.Collections.Concurrent;
using System.Collections.Immutable;
using Cronos;
using Supawatch.Common;

namespace Supawatch.Notices;

/// <summary>
/// The maintenance rules: turning a <see cref="MaintenanceRequest"/> into a window, or a reason it cannot be one
/// (overlap with another window of the same target, an end in the past, an unknown target, a bad cron expression).
/// </summary>
public static class MaintenanceSchedule
{
    /// <summary>How far ahead recurring windows are compared for overlaps.</summary>
    public static readonly TimeSpan OverlapHorizon = TimeSpan.FromDays(60);

    public const int MaxNoteLength = 2000;

    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(31);
    private static readonly ConcurrentDictionary<string, CronExpression> Parsed = new(StringComparer.Ordinal);

    /// <summary>A five-field cron expression (minute hour day month weekday), UTC; throws <see cref="CronFormatException"/>.</summary>
    public static CronExpression ParseCron(string expression)
    {
        if (Parsed.Count > 1000)
        {
            Parsed.Clear();
        }

        return Parsed.GetOrAdd(expression, static e => CronExpression.Parse(e, CronFormat.Standard));
    }

    /// <summary>Validates <paramref name="request"/>; returns the window (id 0, not stored yet) or the reason, never both.</summary>
    /// <param name="isKnown">Whether a target exists in the inventory now.</param>
    public static (MaintenanceWindow? Window, string? Error) Validate(
        MaintenanceRequest request, IEnumerable<MaintenanceWindow> existing, Func<NoticeTarget, bool> isKnown, DateTimeOffset now)
    {
        var targets = new[]
        {
            (NoticeTargetKind.Instance, request.InstanceId, "instance_id"),
            (NoticeTargetKind.Organization, request.OrgId, "org_id"),
            (NoticeTargetKind.Host, request.Host, "host"),
        }.Where(t => !string.IsNullOrWhiteSpace(t.Item2)).ToList();
        if (targets.Count != 1)
        {
            return (null, "give exactly one target: instance_id, org_id or host (CLI: --instance, --org or --host)");
        }

        var (kind, id, field) = targets[0];
        id = id!.Trim();
        if (id.Length > 128 || SafeText.Printable(id) != id)
        {
            return (null, $"{field} must be at most 128 printable characters");
        }

        var target = new NoticeTarget(kind, id);
        if (!isKnown(target))
        {
            return (null, $"unknown {target.KindLabel} '{id}': no such {target.KindLabel} in the current inventory (see GET /api/v1/instances)");
        }

        // Whole milliseconds, as the store and Alertmanager keep them: the silence ends exactly when the window does.
        var start = DateTimeOffset.FromUnixTimeMilliseconds((request.Start ?? now).ToUnixTimeMilliseconds());
        TimeSpan duration;
        if (request.Duration is { } text)
        {
            if (request.End is not null)
            {
                return (null, "give end or duration, not both");
            }

            if (!Durations.TryParse(text, out duration) || duration <= TimeSpan.Zero)
            {
                return (null, $"duration '{SafeText.Printable(text)}' is not a positive duration such as 90m, 2h or 3600");
            }
        }
        else if (request.End is { } end)
        {
            if (request.Recurrence is not null)
            {
                return (null, "a recurring window takes a duration (each occurrence's length), not an end; use until to stop it");
            }

            duration = end - start;
            if (duration <= TimeSpan.Zero)
            {
                return (null, $"end {end:O} is not after start {start:O}");
            }
        }
        else
        {
            return (null, "give end or duration (CLI: --end or --duration)");
        }

        duration = TimeSpan.FromMilliseconds(Math.Round(duration.TotalMilliseconds));
        if (duration > MaxDuration)
        {
            return (null, $"a window lasts at most {MaxDuration.TotalDays:0} days; this one would last {duration.TotalDays:0.#}");
        }

        string? recurrence = null;
        if (!string.IsNullOrWhiteSpace(request.Recurrence))
        {
            recurrence = request.Recurrence.Trim();
            try
            {
                ParseCron(recurrence);
            }
            catch (CronFormatException ex)
            {
                return (null, $"recurrence '{SafeText.Printable(recurrence)}' is not a five-field cron expression (minute hour day month weekday, UTC): {ex.Message}");
            }
        }

        var note = OperatorText.Clean(request.Note);
        if (note.Length > MaxNoteLength)
        {
            return (null, $"note is {note.Length} characters; at most {MaxNoteLength}");
        }

        var window = new MaintenanceWindow(0, target, start, duration, recurrence, recurrence is null ? null : request.Until, note, now);
        var firstEnd = window.Occurrences(now, now + OverlapHorizon).FirstOrDefault()?.End;
        if (recurrence is null && start + duration <= now)
        {
            return (null, $"the window ends in the past ({start + duration:O}); nothing to schedule");
        }

        if (recurrence is not null && firstEnd is null)
        {
            return (null, $"recurrence '{recurrence}' has no occurrence between now and {(request.Until ?? now + OverlapHorizon):O}");
        }

        var horizon = now + OverlapHorizon;
        var mine = window.Occurrences(now, horizon).ToList();
        foreach (var other in existing.Where(w => w.Target == target))
        {
            var clash = other.Occurrences(now, horizon).FirstOrDefault(o => mine.Any(m => m.Overlaps(o.Start, o.End)));
            if (clash is not null)
            {
                return (null, $"overlaps maintenance window {other.Id} for {target} ({clash.Start:O} to {clash.End:O}); remove it or pick another time");
            }
        }

        return (window, null);
    }

    /// <summary>The windows still to come or running at <paramref name="now"/>.</summary>
    public static ImmutableArray<MaintenanceWindow> Current(IEnumerable<MaintenanceWindow> windows, DateTimeOffset now) =>
        [.. windows.Where(w => w.IsRecurring ? w.Occurrences(now, now + OverlapHorizon).Any() : w.End > now)];
}
