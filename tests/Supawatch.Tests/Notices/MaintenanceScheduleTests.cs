using Supawatch.Notices;

namespace Supawatch.Tests.Notices;

public sealed class MaintenanceScheduleTests
{
    private static readonly DateTimeOffset Now = NoticeFixtures.Now;

    private static (MaintenanceWindow? Window, string? Error) Validate(MaintenanceRequest request, params MaintenanceWindow[] existing) =>
        MaintenanceSchedule.Validate(request, existing, t => t.Id is "a_app_1" or "org-a" or "h1", Now);

    [Fact]
    public void Validate_OneOffWithDuration_StartsAndEndsWhereAsked()
    {
        var (window, error) = Validate(new MaintenanceRequest { InstanceId = "a_app_1", Start = Now.AddHours(1), Duration = "90m", Note = "upgrade" });

        Assert.Null(error);
        Assert.Equal(Now.AddHours(1), window!.Start);
        Assert.Equal(Now.AddHours(2.5), window.End);
        Assert.Null(window.OccurrenceAt(Now));
        Assert.NotNull(window.OccurrenceAt(Now.AddHours(1)));
        Assert.Null(window.OccurrenceAt(Now.AddHours(2.5)));
    }

    [Theory]
    [InlineData(null, null, "end or duration")]
    [InlineData("ghost", null, "unknown instance 'ghost'")]
    [InlineData("a_app_1", "0 3 * *", "not a five-field cron expression")]
    public void Validate_BadRequest_SaysWhatToFix(string? instance, string? cron, string expected)
    {
        var (window, error) = Validate(new MaintenanceRequest
        {
            InstanceId = instance ?? "a_app_1",
            Duration = instance is null ? null : "1h",
            Recurrence = cron,
        });

        Assert.Null(window);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EndInThePast_IsRefused()
    {
        var (window, error) = Validate(new MaintenanceRequest { OrgId = "org-a", Start = Now.AddHours(-3), End = Now.AddHours(-1) });

        Assert.Null(window);
        Assert.StartsWith("the window ends in the past", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoTargetOrTwoTargets_IsRefused()
    {
        Assert.Contains("exactly one target", Validate(new MaintenanceRequest { Duration = "1h" }).Error, StringComparison.Ordinal);
        Assert.Contains("exactly one target", Validate(new MaintenanceRequest { InstanceId = "a_app_1", Host = "h1", Duration = "1h" }).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OverlapWithSameTarget_IsRefused_ButNotWithAnotherTarget()
    {
        var existing = new MaintenanceWindow(7, new NoticeTarget(NoticeTargetKind.Instance, "a_app_1"), Now.AddHours(1), TimeSpan.FromHours(2), null, null, "", Now);

        var clash = Validate(new MaintenanceRequest { InstanceId = "a_app_1", Start = Now.AddHours(2), Duration = "2h" }, existing);
        var after = Validate(new MaintenanceRequest { InstanceId = "a_app_1", Start = Now.AddHours(3), Duration = "2h" }, existing);
        var other = Validate(new MaintenanceRequest { OrgId = "org-a", Start = Now.AddHours(2), Duration = "2h" }, existing);

        Assert.StartsWith("overlaps maintenance window 7 for instance a_app_1", clash.Error, StringComparison.Ordinal);
        Assert.Null(after.Error);
        Assert.Null(other.Error);
    }

    [Fact]
    public void Validate_RecurringThatWouldHitAOneOffWindow_IsRefused()
    {
        // Sunday 2026-12-13 03:00-04:00 is taken; every day at 03:30 for 20 min runs into it.
        var existing = new MaintenanceWindow(3, new NoticeTarget(NoticeTargetKind.Host, "h1"), new DateTimeOffset(2026, 12, 13, 3, 0, 0, TimeSpan.Zero),
            TimeSpan.FromHours(1), null, null, "", Now);

        var (_, error) = Validate(new MaintenanceRequest { Host = "h1", Recurrence = "30 3 * * *", Duration = "20m" }, existing);

        Assert.StartsWith("overlaps maintenance window 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Recurring_OccursOnItsScheduleForItsDuration_UntilItsEnd()
    {
        var (window, error) = Validate(new MaintenanceRequest
        {
            InstanceId = "a_app_1", Recurrence = "0 3 * * SUN", Duration = "2h", Until = new DateTimeOffset(2026, 12, 21, 0, 0, 0, TimeSpan.Zero),
        });

        Assert.Null(error);
        var sunday = new DateTimeOffset(2026, 12, 13, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal(sunday, window!.OccurrenceAt(sunday.AddMinutes(30))!.Start);
        Assert.Equal(sunday.AddHours(2), window.OccurrenceAt(sunday.AddMinutes(119))!.End);
        Assert.Null(window.OccurrenceAt(sunday.AddHours(2)));
        Assert.Null(window.OccurrenceAt(sunday.AddDays(1).AddMinutes(30)));
        var all = window.Occurrences(Now, Now.AddDays(60)).Select(o => o.Start).ToList();
        Assert.Equal([sunday, sunday.AddDays(7)], all);
    }

    [Fact]
    public void Recurring_AnOccurrenceThatBeganBeforeTheQuery_StillCounts()
    {
        var window = new MaintenanceWindow(1, new NoticeTarget(NoticeTargetKind.Instance, "a_app_1"), Now.AddDays(-10), TimeSpan.FromHours(1), "45 11 * * *", null, "", Now);

        var running = window.OccurrenceAt(Now);

        Assert.NotNull(running);
        Assert.Equal(Now.AddMinutes(-15), running!.Start);
        Assert.Equal(Now.AddMinutes(45), running.End);
    }
}
