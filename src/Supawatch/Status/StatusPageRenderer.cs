using System.Text;
using static Supawatch.Status.StatusPageLayout;

namespace Supawatch.Status;

/// <summary>
/// Renders the status pages server-side: the fleet overview (<see cref="StatusOverviewRenderer"/>) and one organization's
/// page (<see cref="StatusOrganizationRenderer"/>), from the parts in <see cref="StatusPageLayout"/>. Every value from
/// outside (names, ids, causes) is HTML-encoded; the only script is <see cref="StatusStyle.Script"/> (local times), allowed by hash.
/// </summary>
public static class StatusPageRenderer
{
    /// <summary>At most this many open incidents are listed on the overview (all are in the organizations' pages).</summary>
    public const int OverviewIncidents = 20;

    /// <summary>
    /// The fleet overview. About 150 bytes per instance, so 1,000 instances stay near 200 KB (docs/performance.md).
    /// </summary>
    /// <param name="hideIds">Leave instance ids and host names out (<c>SUPAWATCH_STATUS_HIDE_IDS</c> on a public overview).</param>
    public static string RenderOverview(StatusDocument document, StatusText text, StatusFilter filter, bool hideIds, DateTimeOffset now) =>
        StatusOverviewRenderer.Render(document, text, filter, hideIds, now);

    /// <summary>One organization's page: its state, uptime and day bars, incidents, and each instance in full.</summary>
    /// <param name="view">From <see cref="StatusViews.Organization"/> (already without ids when they are hidden); null: not found.</param>
    /// <param name="hideIds">Name no instance ids or hosts in its maintenance and incident notices either.</param>
    public static string RenderOrganization(StatusDocument document, StatusOrganizationDocument? view, StatusText text, string orgId, DateTimeOffset now, bool hideIds = false) =>
        StatusOrganizationRenderer.Render(document, view, text, orgId, now, hideIds);

    /// <summary>The page shown in place of the overview when <c>SUPAWATCH_STATUS_OVERVIEW=off</c>.</summary>
    public static string RenderUnavailable(StatusText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = new StringBuilder(2048);
        Head(html, text, text.Title);
        html.Append("<header>\n<h1>").Append(E(text.Title)).Append("</h1>\n</header>\n<main>\n<p id=\"unavailable\">")
            .Append(E(text.OverviewUnavailable)).Append("</p>\n</main>\n");
        Footer(html, text, orgId: null);
        return html.ToString();
    }
}
