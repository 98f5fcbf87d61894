using Supawatch.Common;
using Supawatch.Instances;

namespace Supawatch.Notices;

/// <summary>What an incident request must hold (one known target, a title, a message, a stage); each refusal says why and with which status.</summary>
public static class IncidentRequestRules
{
    public const int MaxTitleLength = 200;
    public const int MaxMessageLength = 5000;

    /// <summary>The target, title and first update of a new report, or the status code and reason it is refused.</summary>
    public static (NoticeTarget? Target, string? Title, IncidentUpdate? First, int Status, string? Error) Opening(
        IncidentRequest request, InventorySnapshot snapshot, DateTimeOffset now)
    {
        var targets = new[] { (NoticeTargetKind.Instance, request.InstanceId), (NoticeTargetKind.Organization, request.OrgId) }
            .Where(t => !string.IsNullOrWhiteSpace(t.Item2)).ToList();
        if (targets.Count != 1)
        {
            return (null, null, null, 400, "give exactly one target: instance_id or org_id (CLI: --instance or --org)");
        }

        var target = new NoticeTarget(targets[0].Item1, targets[0].Item2!.Trim());
        if (!NoticeBoard.IsKnown(snapshot, target))
        {
            return (null, null, null, 404, $"unknown {target.KindLabel} '{SafeText.Printable(target.Id)}': no such {target.KindLabel} in the current inventory (see GET /api/v1/instances)");
        }

        var title = OperatorText.Clean(request.Title).Replace('\n', ' ');
        if (title.Length is 0 or > MaxTitleLength)
        {
            return (null, null, null, 400, $"title is required, at most {MaxTitleLength} characters");
        }

        var (first, error) = Update(request, IncidentStage.Investigating, now);
        return first is null ? (null, null, null, 400, error) : (target, title, first, 201, null);
    }

    /// <summary>An update: its message, and the stage it moves to (<paramref name="current"/> when the request names none).</summary>
    public static (IncidentUpdate? Update, string? Error) Update(IncidentRequest request, IncidentStage current, DateTimeOffset now)
    {
        var stage = current;
        if (request.Status is { } text)
        {
            if (IncidentStages.Parse(text) is not { } parsed)
            {
                return (null, $"status '{SafeText.Printable(text)}' is not one of {IncidentStages.Allowed}");
            }

            stage = parsed;
        }

        var message = OperatorText.Clean(request.Message);
        if (message.Length is 0 or > MaxMessageLength)
        {
            return (null, $"message is required, at most {MaxMessageLength} characters");
        }

        return (new IncidentUpdate(now, stage, message), null);
    }
}
