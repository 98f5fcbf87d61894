using Supawatch.History;
using Supawatch.Instances;
using Supawatch.Notices;

namespace Supawatch.Tests.Notices;

public sealed class NoticeBoardTests : IDisposable
{
    private readonly NoticeFixtures _fixtures = new();

    private NoticeBoard Board => _fixtures.Board;

    [Fact]
    public void Schedule_KnownTarget_IsStoredAndSurvivesARestart()
    {
        var added = Board.Schedule(new MaintenanceRequest { OrgId = "org-a", Duration = "1h", Note = "db upgrade" });

        Assert.Equal(201, added.StatusCode);
        var restarted = _fixtures.Restart();
        var window = Assert.Single(restarted.Current.Windows);
        Assert.Equal(added.Value!.Id, window.Id);
        Assert.Equal(new NoticeTarget(NoticeTargetKind.Organization, "org-a"), window.Target);
        Assert.Equal("db upgrade", window.Note);
        Assert.Equal(TimeSpan.FromHours(1), window.Duration);
    }

    [Theory]
    [InlineData("ghost", null, null, 404)]
    [InlineData(null, "org-z", null, 404)]
    [InlineData(null, null, "h9", 404)]
    [InlineData(null, null, null, 400)]
    public void Schedule_UnknownOrMissingTarget_IsA4xxWithTheReason(string? instance, string? org, string? host, int status)
    {
        var result = Board.Schedule(new MaintenanceRequest { InstanceId = instance, OrgId = org, Host = host, Duration = "1h" });

        Assert.Equal(status, result.StatusCode);
        Assert.Null(result.Value);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.Empty(Board.Current.Windows);
    }

    [Fact]
    public void Schedule_OverlapAndPastEnd_Are409And422()
    {
        Assert.Equal(201, Board.Schedule(new MaintenanceRequest { Host = "h2", Duration = "2h" }).StatusCode);

        var overlap = Board.Schedule(new MaintenanceRequest { Host = "h2", Start = NoticeFixtures.Now.AddHours(1), Duration = "2h" });
        var past = Board.Schedule(new MaintenanceRequest { Host = "h1", Start = NoticeFixtures.Now.AddHours(-2), Duration = "1h" });

        Assert.Equal(409, overlap.StatusCode);
        Assert.Contains("overlaps", overlap.Error, StringComparison.Ordinal);
        Assert.Equal(422, past.StatusCode);
        Assert.Single(Board.Current.Windows);
    }

    [Fact]
    public void InMaintenance_CoversTheTargetsInstancesOnly_ForTheWindowsTime()
    {
        Board.Schedule(new MaintenanceRequest { Host = "h2", Start = NoticeFixtures.Now.AddMinutes(10), Duration = "30m" });
        var during = NoticeFixtures.Now.AddMinutes(20);

        Assert.False(Board.InMaintenance("a_app_2", "org-a", "h2", NoticeFixtures.Now));
        Assert.True(Board.InMaintenance("a_app_2", "org-a", "h2", during));
        Assert.True(Board.InMaintenance("b_app_1", "org-b", "h2", during));
        Assert.False(Board.InMaintenance("a_app_1", "org-a", "h1", during));
        Assert.False(Board.InMaintenance("a_app_2", "org-a", "h2", NoticeFixtures.Now.AddMinutes(40)));
    }

    [Fact]
    public void Remove_EndsTheWindow_AndASecondRemoveIs404()
    {
        var id = Board.Schedule(new MaintenanceRequest { InstanceId = "a_app_1", Duration = "1h" }).Value!.Id;

        Assert.Equal(200, Board.Remove(id).StatusCode);

        Assert.False(Board.InMaintenance("a_app_1", "org-a", "h1", NoticeFixtures.Now));
        Assert.Equal(404, Board.Remove(id).StatusCode);
        Assert.Empty(_fixtures.Restart().Current.Windows);
    }

    [Fact]
    public void Incident_OpenUpdateResolve_KeepsItsTimelineAcrossARestart()
    {
        var opened = Board.Open(new IncidentRequest { OrgId = "org-a", Title = "Slow API", Message = "Looking into it" });
        _fixtures.Time.Advance(TimeSpan.FromMinutes(5));
        Board.Post(opened.Value!.Id, new IncidentRequest { Status = "identified", Message = "A full disk" });
        _fixtures.Time.Advance(TimeSpan.FromMinutes(5));
        var resolved = Board.Post(opened.Value.Id, new IncidentRequest { Status = "resolved", Message = "Space freed" });

        Assert.Equal(201, opened.StatusCode);
        Assert.Equal(IncidentStage.Resolved, resolved.Value!.Stage);
        var report = Assert.Single(_fixtures.Restart().Current.Incidents);
        Assert.Equal("Slow API", report.Title);
        Assert.Equal([IncidentStage.Investigating, IncidentStage.Identified, IncidentStage.Resolved], report.Updates.Select(u => u.Stage));
        Assert.Equal(NoticeFixtures.Now.AddMinutes(10), report.ResolvedAt);
    }

    [Fact]
    public void Incident_ResolvedMoreThanAWeekAgo_LeavesTheBoard()
    {
        var id = Board.Open(new IncidentRequest { InstanceId = "b_app_1", Title = "Down", Message = "Down", Status = "resolved" }).Value!.Id;
        Assert.Contains(Board.Current.Incidents, i => i.Id == id);

        _fixtures.Time.Advance(TimeSpan.FromDays(8));

        Assert.Empty(_fixtures.Restart().Current.Incidents);
    }

    [Theory]
    [InlineData(null, "Msg", null, "title is required")]
    [InlineData("T", "", null, "message is required")]
    [InlineData("T", "Msg", "fixed", "is not one of investigating, identified, monitoring or resolved")]
    public void Incident_BadInput_Is400WithTheReason(string? title, string? message, string? status, string expected)
    {
        var result = Board.Open(new IncidentRequest { OrgId = "org-b", Title = title, Message = message, Status = status });

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Incident_ControlCharacters_AreCleaned_MarkupIsKeptAsTyped()
    {
        var report = Board.Open(new IncidentRequest { OrgId = "org-b", Title = "<b>x</b>\u0007", Message = "line 1\r\nline 2\u001b[31m" }).Value!;

        Assert.Equal("<b>x</b>", report.Title);
        Assert.Equal("line 1\nline 2 [31m", report.Updates[0].Message);
    }

    [Fact]
    public void HistoryStore_MaintenanceRounds_AreNotChargedToUptime()
    {
        using var store = new HistoryStore(_fixtures.Database, TimeSpan.FromSeconds(1));
        foreach (var status in new[] { HealthStatus.Up, HealthStatus.Maintenance, HealthStatus.Maintenance, HealthStatus.Up })
        {
            store.Write(new HistoryRound(NoticeFixtures.Now, [new HistorySample("a_app_1", "org-a", status, null)], []));
        }

        var uptime = store.Read(NoticeFixtures.Now).For("a_app_1")!.Uptime.Last24Hours;

        Assert.Equal(100.0, uptime.UptimePercent);
        Assert.Equal(2, uptime.Stopped);
    }

    public void Dispose() => _fixtures.Dispose();
}
