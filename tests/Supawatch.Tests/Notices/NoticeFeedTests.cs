using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Supawatch.Notices;

namespace Supawatch.Tests.Notices;

public sealed class NoticeFeedTests : IDisposable
{
    private const string Hostile = "<script>alert(1)</script> & <img src=x onerror=alert(2)>";
    private readonly NoticeFixtures _fixtures = new();

    [Fact]
    public void Feed_OfAnOrganization_IsAtomThatAParserReads_WithItsIncidentsAndMaintenanceOnly()
    {
        var board = _fixtures.Board;
        board.Open(new IncidentRequest { OrgId = "org-a", Title = "API errors", Message = "Investigating" });
        board.Open(new IncidentRequest { InstanceId = "b_app_1", Title = "Other org", Message = "Not for org-a" });
        board.Schedule(new MaintenanceRequest { Host = "h2", Start = NoticeFixtures.Now.AddHours(1), Duration = "1h", Note = "kernel update" });
        board.Schedule(new MaintenanceRequest { InstanceId = "a_app_1", Recurrence = "0 3 * * *", Duration = "30m" });

        var feed = Load(new NoticeFeeds(board, _fixtures.Inventory, _fixtures.Time).For("org-a", hideIds: false)!);

        Assert.Equal("urn:supawatch:org:org-a", feed.Id);
        Assert.Equal("ORG-A: incidents and maintenance", feed.Title.Text);
        var titles = feed.Items.Select(i => i.Title.Text).ToList();
        Assert.Contains("[investigating] API errors", titles);
        Assert.DoesNotContain(titles, t => t.Contains("Other org", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("Maintenance of host h2: ", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("Maintenance of instance a_app_1: ", StringComparison.Ordinal));
        Assert.Equal(4 - 1, feed.Items.Count());
    }

    [Fact]
    public void Feed_WithIdsHidden_NamesProjectsAndTheOrganization_NeverAnInstanceIdOrHost()
    {
        var board = _fixtures.Board;
        board.Open(new IncidentRequest { InstanceId = "a_app_2", Title = "Slow REST", Message = "Looking" });
        board.Schedule(new MaintenanceRequest { Host = "h2", Start = NoticeFixtures.Now.AddHours(1), Duration = "1h", Note = "kernel update" });
        board.Schedule(new MaintenanceRequest { InstanceId = "a_app_1", Recurrence = "0 3 * * *", Duration = "30m" });

        var body = new NoticeFeeds(board, _fixtures.Inventory, _fixtures.Time).For("org-a", hideIds: true)!;
        var feed = Load(body);

        var xml = Encoding.UTF8.GetString(body);
        foreach (var secret in new[] { "a_app_1", "a_app_2", "h1", "h2" })
        {
            Assert.DoesNotContain(secret, xml, StringComparison.Ordinal);
        }

        var titles = feed.Items.Select(i => i.Title.Text).ToList();
        Assert.Contains(titles, t => t.StartsWith("Maintenance of a host: ", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("Maintenance of Storefront: ", StringComparison.Ordinal));
        var incident = feed.Items.Single(i => i.Title.Text == "[investigating] Slow REST");
        Assert.StartsWith("instance 2\n", ((TextSyndicationContent)incident.Content).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_HostileText_IsCarriedAsText_NeverAsMarkup()
    {
        _fixtures.Board.Open(new IncidentRequest { OrgId = "org-a", Title = Hostile, Message = Hostile });

        var body = new NoticeFeeds(_fixtures.Board, _fixtures.Inventory, _fixtures.Time).For("org-a", hideIds: false)!;
        var feed = Load(body);

        var xml = Encoding.UTF8.GetString(body);
        Assert.DoesNotContain("<script", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", xml, StringComparison.Ordinal);
        var item = Assert.Single(feed.Items);
        Assert.Equal("[investigating] " + Hostile, item.Title.Text);
        Assert.Equal("text", item.Title.Type);
        Assert.Contains(Hostile, ((TextSyndicationContent)item.Content).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Feeds_ArePrepared_RebuiltOnlyAfterAChange()
    {
        var feeds = new NoticeFeeds(_fixtures.Board, _fixtures.Inventory, _fixtures.Time);
        var first = feeds.For("org-b", hideIds: false);
        for (var i = 0; i < 100; i++)
        {
            Assert.Same(first, feeds.For("org-b", hideIds: false));
        }

        Assert.Equal(1, feeds.Builds);
        _fixtures.Board.Open(new IncidentRequest { OrgId = "org-b", Title = "New", Message = "New" });

        Assert.NotSame(first, feeds.For("org-b", hideIds: false));
        Assert.Equal(2, feeds.Builds);
        Assert.Null(feeds.For("no-such-org", hideIds: false));
    }

    private static SyndicationFeed Load(byte[] body)
    {
        using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var formatter = new Atom10FeedFormatter();
        Assert.True(formatter.CanRead(reader), "not an Atom 1.0 feed");
        formatter.ReadFrom(reader);
        return formatter.Feed;
    }

    public void Dispose() => _fixtures.Dispose();
}
