using System.Collections.Immutable;
using System.Text.Json;
using Supawatch.Health;
using Supawatch.Instances;
using Supawatch.Notices;
using Supawatch.Status;

namespace Supawatch.Tests.Notices;

public sealed class StatusNoticesRendererTests : IDisposable
{
    private const string Hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    private readonly NoticeFixtures _fixtures = new();

    [Fact]
    public void Page_HostileNoteTitleAndUpdate_AreShownAsTextNeverMarkup()
    {
        var board = _fixtures.Board;
        board.Schedule(new MaintenanceRequest { InstanceId = "a_app_1", Duration = "1h", Note = Hostile + "\nsecond line" });
        var report = board.Open(new IncidentRequest { OrgId = "org-a", Title = Hostile, Message = Hostile }).Value!;

        var html = OrganizationPage(StatusText.English, "org-a");

        // The page's own script (local times, allowed by hash) is the only one; the hostile text is never markup.
        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<br>second line", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"report-{report.Id}\"", html, StringComparison.Ordinal);
        Assert.Contains("In progress", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_OfAnotherOrganization_ShowsNoneOfTheseNotices_InPortugueseTheWordsArePortuguese()
    {
        _fixtures.Board.Schedule(new MaintenanceRequest { InstanceId = "a_app_1", Start = NoticeFixtures.Now.AddHours(1), Duration = "1h" });
        _fixtures.Board.Open(new IncidentRequest { OrgId = "org-a", Title = "A only", Message = "m", Status = "monitoring" });

        var other = OrganizationPage(StatusText.English, "org-b");
        var portuguese = OrganizationPage(StatusText.Portuguese, "org-a");

        Assert.DoesNotContain("id=\"maintenance\"", other, StringComparison.Ordinal);
        Assert.DoesNotContain("A only", other, StringComparison.Ordinal);
        Assert.Contains("Manutenção programada", portuguese, StringComparison.Ordinal);
        Assert.Contains("Agendada", portuguese, StringComparison.Ordinal);
        Assert.Contains("Monitorando", portuguese, StringComparison.Ordinal);
    }

    [Fact]
    public void Pages_WithIdsHidden_NameNoticeTargetsByProjectAndOrganizationName_NeverByIdOrHost()
    {
        var board = _fixtures.Board;
        board.Schedule(new MaintenanceRequest { InstanceId = "a_app_1", Duration = "1h", Note = "upgrade" });
        board.Schedule(new MaintenanceRequest { Host = "h2", Start = NoticeFixtures.Now.AddHours(2), Duration = "1h", Note = "kernel" });
        board.Open(new IncidentRequest { InstanceId = "a_app_2", Title = "Slow REST", Message = "looking" });
        board.Open(new IncidentRequest { OrgId = "org-a", Title = "Whole org", Message = "looking" });
        var document = Document();

        var page = StatusPageRenderer.RenderOrganization(document, StatusViews.Organization(document, "org-a", hideIds: true), StatusText.English, "org-a",
            NoticeFixtures.Now, hideIds: true);
        var overview = StatusPageRenderer.RenderOverview(document, StatusText.English, StatusFilter.From(null, null), hideIds: true, NoticeFixtures.Now);
        var shown = OrganizationPage(StatusText.English, "org-a");

        foreach (var html in new[] { page, overview })
        {
            foreach (var secret in new[] { "a_app_1", "a_app_2", "b_app_1", ">h1<", ">h2<", "\"h1\"", "\"h2\"" })
            {
                Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
            }

            Assert.Contains("instance <strong>Storefront</strong>", html, StringComparison.Ordinal);
            Assert.Contains("instance <strong>Instance 2</strong>", html, StringComparison.Ordinal);
            Assert.Contains("organization <strong>ORG-A</strong>", html, StringComparison.Ordinal);
            Assert.Contains("kernel", html, StringComparison.Ordinal);
        }

        // Without the setting the operator's ids are shown as they were typed.
        Assert.Contains("<code>a_app_1</code>", shown, StringComparison.Ordinal);
        Assert.Contains("<code>h2</code>", shown, StringComparison.Ordinal);
    }

    private string OrganizationPage(StatusText text, string orgId)
    {
        var document = Document();
        return StatusPageRenderer.RenderOrganization(document, StatusViews.Organization(document, orgId, hideIds: false), text, orgId, NoticeFixtures.Now);
    }

    [Fact]
    public void StatusJson_CarriesMaintenanceAndIncidentReports_WithTheirTimeline()
    {
        _fixtures.Board.Schedule(new MaintenanceRequest { OrgId = "org-b", Duration = "1h", Note = "n" });
        var id = _fixtures.Board.Open(new IncidentRequest { OrgId = "org-b", Title = "T", Message = "first" }).Value!.Id;
        _fixtures.Board.Post(id, new IncidentRequest { Status = "identified", Message = "second" });

        using var json = JsonDocument.Parse(StatusJson.Serialize(Document()));

        var maintenance = Assert.Single(json.RootElement.GetProperty("maintenance").EnumerateArray());
        Assert.Equal("org", maintenance.GetProperty("target_kind").GetString());
        Assert.True(maintenance.GetProperty("active").GetBoolean());
        var report = Assert.Single(json.RootElement.GetProperty("incident_reports").EnumerateArray());
        Assert.Equal("identified", report.GetProperty("status").GetString());
        Assert.Equal(["second", "first"], report.GetProperty("updates").EnumerateArray().Select(u => u.GetProperty("message").GetString()));
    }

    private StatusDocument Document()
    {
        var instances = NoticeFixtures.Fleet.Instances.Select(i => new InstanceHealth(i.InstanceId, i.OrgId, i.OrgName, i.ProjectName,
            HealthStatus.Up, HealthStatus.Up, NoticeFixtures.Now, null, []) { Host = i.Host }).ToImmutableArray();
        var document = StatusDocumentBuilder.Build(new HealthSnapshot { Round = 1, CheckedAt = NoticeFixtures.Now, Interval = TimeSpan.FromSeconds(30), Instances = instances }, NoticeFixtures.Now);
        var board = _fixtures.Board.Current;
        return document with { Maintenance = StatusNotices.Maintenance(board, NoticeFixtures.Now), IncidentReports = StatusNotices.Reports(board) };
    }

    public void Dispose() => _fixtures.Dispose();
}
