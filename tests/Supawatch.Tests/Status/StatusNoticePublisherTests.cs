using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Supawatch.Health;
using Supawatch.Instances;
using Supawatch.Notices;
using Supawatch.Status;
using Supawatch.Tests.Notices;

namespace Supawatch.Tests.Status;

public sealed class StatusNoticePublisherTests : IDisposable
{
    private readonly NoticeFixtures _fixtures = new();

    [Fact]
    public async Task NoticeChange_IsInStatusJsonAndTheDocument_BeforeTheNextRound()
    {
        var documents = new StatusDocumentStore();
        var path = Path.Combine(_fixtures.Directory, "status.json");
        var writer = new StatusDocumentWriter(documents, path, _fixtures.Time, NullLogger<StatusDocumentWriter>.Instance, _fixtures.Board);
        Assert.False(writer.Republish());
        await writer.WriteAsync(Round(), CancellationToken.None);
        using var publisher = new StatusNoticePublisher(_fixtures.Board, writer);
        await publisher.StartAsync(CancellationToken.None);

        var report = _fixtures.Board.Open(new IncidentRequest { OrgId = "org-a", Title = "API errors", Message = "Looking" }).Value!;

        // No health round runs in this test: only the publisher can put the report there.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((documents.Current!.IncidentReports.Count == 0 || !File.ReadAllText(path).Contains("API errors", StringComparison.Ordinal))
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        Assert.Equal(report.Id, Assert.Single(documents.Current.IncidentReports).Id);
        Assert.Equal(1, documents.Current.Round);
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(path, CancellationToken.None));
        Assert.Equal("API errors", Assert.Single(json.RootElement.GetProperty("incident_reports").EnumerateArray()).GetProperty("title").GetString());
        await publisher.StopAsync(CancellationToken.None);
    }

    private static HealthSnapshot Round() => new()
    {
        Round = 1,
        CheckedAt = NoticeFixtures.Now,
        Interval = TimeSpan.FromSeconds(30),
        Instances = [.. NoticeFixtures.Fleet.Instances.Select(i => new InstanceHealth(i.InstanceId, i.OrgId, i.OrgName, i.ProjectName,
            HealthStatus.Up, HealthStatus.Up, NoticeFixtures.Now, null, []) { Host = i.Host })],
    };

    public void Dispose() => _fixtures.Dispose();
}
