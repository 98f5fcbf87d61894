using Supawatch.Notices;

namespace Supawatch.Tests.Notices;

public sealed class SilenceSyncTests
{
    [Theory]
    [InlineData(NoticeTargetKind.Instance, "a_app_1", "instance_id")]
    [InlineData(NoticeTargetKind.Organization, "org-a", "org_id")]
    [InlineData(NoticeTargetKind.Host, "h1", "host")]
    public void SilenceFor_MatchesExactlyTheTargetsAlertLabel_ForExactlyTheOccurrence(NoticeTargetKind kind, string id, string label)
    {
        var start = new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);
        var window = new MaintenanceWindow(42, new NoticeTarget(kind, id), start, TimeSpan.FromHours(1), null, null, "swap disks", start);

        var silence = SilenceSync.SilenceFor(window.OccurrenceAt(start)!);

        var matcher = Assert.Single(silence.Matchers);
        Assert.Equal(new AlertmanagerMatcher(label, id, IsRegex: false, IsEqual: true), matcher);
        Assert.Equal(start, silence.StartsAt);
        Assert.Equal(start.AddHours(1), silence.EndsAt);
        Assert.Equal("supawatch", silence.CreatedBy);
        Assert.Equal("supawatch maintenance window 42, occurrence 2026-12-06T03:00:00Z: swap disks", silence.Comment);
        // Found again after a restart by that marker, whatever the note says.
        Assert.Equal(SilenceSync.Marker(window.OccurrenceAt(start)!), SilenceSync.MarkerOf(silence.Comment));
        Assert.Null(SilenceSync.MarkerOf("maintenance by hand"));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(5, 32)]
    [InlineData(6, 60)]
    [InlineData(50, 60)]
    public void RetryDelay_DoublesFromTwoSeconds_UpToAMinute(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SilenceSync.RetryDelay(failures));
}
