using System.Collections.Immutable;
using Supawatch.Health;
using Supawatch.History;
using Supawatch.Instances;
using Supawatch.Status;

namespace Supawatch.Tests.Status;

public sealed class StatusPageRendererTests
{
    private const string Hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_HostileProjectName_IsEncodedNeverMarkup()
    {
        foreach (var html in new[] { Render(StatusText.English), Organization("org1", StatusText.English) })
        {
            Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
            // The only script is the page's own (local times), once, at the end.
            Assert.Equal(1, html.Split("<script>").Length - 1);
            Assert.Contains("<script>" + StatusStyle.Script + "</script>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_Portuguese_ReadsInPortugueseCausesIncluded()
    {
        var overview = Render(StatusText.Portuguese);
        var org = Organization("org1", StatusText.Portuguese);

        Assert.Contains("<html lang=\"pt-BR\">", overview, StringComparison.Ordinal);
        Assert.Contains("Alguns sistemas estão fora do ar", overview, StringComparison.Ordinal);
        Assert.Contains("Organizações", overview, StringComparison.Ordinal);
        Assert.Contains("Buscar organizações e projetos", overview, StringComparison.Ordinal);
        Assert.Contains("kong: conexão recusada", overview, StringComparison.Ordinal);
        Assert.Contains("Disponibilidade", org, StringComparison.Ordinal);
        Assert.Contains("Fora do ar", org, StringComparison.Ordinal);
        Assert.Contains("kong: conexão recusada", org, StringComparison.Ordinal);
        Assert.Contains("Dia a dia, últimos 90 dias", org, StringComparison.Ordinal);
        Assert.Contains("Horários em UTC.", org, StringComparison.Ordinal);
        Assert.DoesNotContain("connection refused", org, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderOrganization_AnyFleet_HasRefreshSwitchAndNinetyBarsAndDaysPerInstanceAndOrganization()
    {
        var html = Organization("org1", StatusText.English);

        // No meta refresh (WCAG 2.2.1): the script refreshes every interval behind a switch the reader can turn off.
        Assert.DoesNotContain("http-equiv=\"refresh\"", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"checkbox\" id=\"auto\" checked data-seconds=\"30\"> Refreshes every 30 s", html, StringComparison.Ordinal);
        Assert.Equal(2 * 90, html.Split("class=\"bar ").Length - 1);
        // Each strip has its days as a table behind one disclosure (keyboard and screen reader), newest first.
        Assert.Equal(2, html.Split("<details class=\"days\">").Length - 1);
        Assert.Contains("<tr><td>2026-03-10</td><td>Unknown</td><td>no data</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2026-03-10T11:57:00Z\">2026-03-10 11:57:00 UTC</time>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Acme</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderOrganization_OneOrganization_ShowsOnlyItsInstancesAndIncidents()
    {
        var html = Organization("org2", StatusText.English);

        Assert.Contains("data-instance-id=\"i2\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-instance-id=\"i1\"", html, StringComparison.Ordinal);
        Assert.Contains("No open incidents", html, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderOrganization_Unknown_SaysNotFound()
    {
        var document = StatusDocumentBuilder.Build(Snapshot(), Now);

        var html = StatusPageRenderer.RenderOrganization(document, StatusViews.Organization(document, "nope", hideIds: false), StatusText.English, "nope", Now);

        Assert.Contains("Organization not found.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentSecurityPolicy_AllowsOnlyThePagesOwnStyleAndScript()
    {
        var csp = StatusStyle.ContentSecurityPolicy;
        static string Hash(string text) => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains($"script-src 'sha256-{Hash(StatusStyle.Script)}'", csp, StringComparison.Ordinal);
        Assert.Contains($"style-src 'sha256-{Hash(StatusStyle.Css)}'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "pt-BR,pt;q=0.9,en;q=0.8", "pt-BR")]
    [InlineData(null, "en-US,en;q=0.9,pt-BR;q=0.8", "en")]
    [InlineData(null, "de-DE,pt;q=0.5", "pt-BR")]
    [InlineData(null, "fr", "en")]
    [InlineData(null, null, "en")]
    [InlineData("pt-BR", "en", "pt-BR")]
    [InlineData("en", "pt-BR", "en")]
    public void Choose_QueryAndAcceptLanguage_PicksBestSupported(string? query, string? header, string expected) =>
        Assert.Equal(expected, StatusLanguage.Choose(query, header));

    [Fact]
    public void StatusJson_Document_HasNoAddressesAndEscapesMarkup()
    {
        var json = System.Text.Encoding.UTF8.GetString(StatusJson.Serialize(StatusDocumentBuilder.Build(Snapshot(), Now)));

        Assert.DoesNotContain("127.0.0.1", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", json, StringComparison.Ordinal);
        Assert.Contains("\"schema_version\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"24h\"", json, StringComparison.Ordinal);
        Assert.Contains("\"overall\":\"down\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderOverview_ThousandInstances_CollapsesOrganizationsProblemsFirstUnder300KB()
    {
        var document = StatusDocumentBuilder.Build(SyntheticFleet.Snapshot(1000, Now), Now);

        var overview = StatusPageRenderer.RenderOverview(document, StatusText.English, StatusFilter.None, hideIds: false, Now);
        var org = StatusPageRenderer.RenderOrganization(document, StatusViews.Organization(document, "org003", hideIds: false), StatusText.English, "org003", Now);

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(overview) < 300 * 1024, $"overview is {System.Text.Encoding.UTF8.GetByteCount(overview)} bytes");
        Assert.Equal(1000, overview.Split("<tr data-instance-id=").Length - 1);
        Assert.Equal(100, overview.Split("<details class=\"org\"").Length - 1);
        Assert.DoesNotContain("class=\"bar ", overview, StringComparison.Ordinal);
        // Organizations with an instance down come first and open; healthy ones stay collapsed.
        var first = overview.IndexOf("<details class=\"org\"", StringComparison.Ordinal);
        Assert.StartsWith("<details class=\"org\" data-org-id=\"org000\" data-status=\"down\" open>", overview[first..], StringComparison.Ordinal);
        Assert.Contains("data-org-id=\"org002\" data-status=\"up\">", overview, StringComparison.Ordinal);
        Assert.True(overview.IndexOf("data-status=\"down\" open", StringComparison.Ordinal) < overview.IndexOf("data-status=\"up\">", StringComparison.Ordinal));
        Assert.Equal(10 * 90 + 90, org.Split("class=\"bar ").Length - 1);
    }

    [Fact]
    public void RenderOverview_Search_ShowsMatchingOrganizationsAndEchoesTheSearchAsText()
    {
        var document = StatusDocumentBuilder.Build(SyntheticFleet.Snapshot(100, Now), Now);

        var byProject = StatusPageRenderer.RenderOverview(document, StatusText.English, StatusFilter.From("projeto 42 ", null), hideIds: false, Now);
        var problems = StatusPageRenderer.RenderOverview(document, StatusText.English, StatusFilter.From(null, "problems"), hideIds: false, Now);
        var hostile = StatusPageRenderer.RenderOverview(document, StatusText.English, StatusFilter.From("\"><script>x</script>", null), hideIds: false, Now);
        var byIdHidden = StatusPageRenderer.RenderOverview(document, StatusText.English, StatusFilter.From("p0042_app", null), hideIds: true, Now);

        Assert.Equal(1, byProject.Split("<details class=\"org\"").Length - 1);
        Assert.Contains("data-org-id=\"org004\"", byProject, StringComparison.Ordinal);
        Assert.Contains("Showing 1 of 10 organizations.", byProject, StringComparison.Ordinal);
        Assert.Contains("value=\"projeto 42\"", byProject, StringComparison.Ordinal);
        Assert.All(problems.Split("<details class=\"org\"").Skip(1), o => Assert.DoesNotContain("data-status=\"up\">\n<summary>", "<details class=\"org\"" + o, StringComparison.Ordinal));
        Assert.Contains("Showing 3 of 10 organizations.", problems, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>x", hostile, StringComparison.Ordinal);
        Assert.Contains("No organization matches.", hostile, StringComparison.Ordinal);
        Assert.Contains("No organization matches.", byIdHidden, StringComparison.Ordinal);
    }

    [Fact]
    public void HideIds_OverviewOrganizationPageAndJson_ShowNoInstanceIdOrHost()
    {
        var document = StatusDocumentBuilder.Build(SyntheticFleet.Snapshot(30, Now), Now);
        var view = StatusViews.Organization(document, "org000", hideIds: true);

        var overview = StatusPageRenderer.RenderOverview(document, StatusText.English, StatusFilter.None, hideIds: true, Now);
        var org = StatusPageRenderer.RenderOrganization(document, view, StatusText.English, "org000", Now);
        var json = System.Text.Encoding.UTF8.GetString(StatusJson.Serialize(view!));

        foreach (var (name, text) in new[] { ("overview", overview), ("org page", org), ("org json", json) })
        {
            Assert.False(text.Contains("_app_", StringComparison.Ordinal), $"{name} shows an instance id");
            Assert.False(text.Contains("east", StringComparison.Ordinal) || text.Contains("west", StringComparison.Ordinal), $"{name} shows a host");
        }

        Assert.Contains("data-instance-id=\"instance-8\"", org, StringComparison.Ordinal);
        Assert.Contains("\"instance_id\":\"instance-8\"", json, StringComparison.Ordinal);
        Assert.Contains("Projeto 7 – loja", org, StringComparison.Ordinal);
        Assert.DoesNotContain("\"host\"", json, StringComparison.Ordinal);
        // The open incident of p0007 is there, under its alias.
        Assert.Contains("\"open\":[{\"id\":7,\"instance_id\":\"instance-8\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Overview_Json_HasOrganizationsProblemsFirstWithoutInstances()
    {
        var document = StatusDocumentBuilder.Build(SyntheticFleet.Snapshot(1000, Now), Now);

        var json = StatusJson.Serialize(StatusViews.Overview(document));
        var full = StatusJson.Serialize(document);
        var text = System.Text.Encoding.UTF8.GetString(json);

        Assert.True(json.Length < 60 * 1024, $"overview.json is {json.Length} bytes");
        Assert.True(full.Length > 20 * json.Length);
        Assert.StartsWith("{\"schema_version\":1,", text, StringComparison.Ordinal);
        Assert.Contains("\"organizations\":[{\"org_id\":\"org000\",", text, StringComparison.Ordinal);
        Assert.Contains("\"counts\":{\"up\":8,\"degraded\":1,\"down\":1,\"stopped\":0,\"unknown\":0,\"maintenance\":0}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("instance_id", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HistoryStoreFailingAndDockerDown_ShowsBannersWithoutDetails()
    {
        var snapshot = Snapshot() with
        {
            HistoryState = new HistoryState(false, "history store /var/lib/secret/history.db is locked", Now, 3, 2, 0),
            Sources = [new SourceStatus("docker", true, false, Now, Now, "unix:///run/podman.sock refused", 1)],
        };

        var html = StatusPageRenderer.RenderOverview(StatusDocumentBuilder.Build(snapshot, Now), StatusText.Portuguese, StatusFilter.None, hideIds: false, Now);

        Assert.Contains("id=\"history-banner\"", html, StringComparison.Ordinal);
        Assert.Contains("O histórico está temporariamente indisponível", html, StringComparison.Ordinal);
        Assert.Contains("A descoberta de instâncias está falhando (docker)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/var/lib/secret", html, StringComparison.Ordinal);
        Assert.DoesNotContain("podman.sock", html, StringComparison.Ordinal);
    }

    private static string Render(StatusText text) =>
        StatusPageRenderer.RenderOverview(StatusDocumentBuilder.Build(Snapshot(), Now), text, StatusFilter.None, hideIds: false, Now);

    private static string Organization(string orgId, StatusText text)
    {
        var document = StatusDocumentBuilder.Build(Snapshot(), Now);
        return StatusPageRenderer.RenderOrganization(document, StatusViews.Organization(document, orgId, hideIds: false), text, orgId, Now);
    }

    [Fact]
    public void Render_TwoHostsOneDown_ShowsEachHostsStateAndEachInstancesHost()
    {
        var snapshot = Snapshot() with
        {
            Instances = [.. Snapshot().Instances.Select(i => i with { Host = i.InstanceId == "i1" ? "east" : "<b>west</b>" })],
            Sources =
            [
                SourceStatus.Pending("docker").Succeeded(Now) with { Host = "east" },
                SourceStatus.Pending("docker").Failed(Now, "connection refused") with { Host = "<b>west</b>" },
            ],
        };
        var document = StatusDocumentBuilder.Build(snapshot, Now);

        var html = StatusPageRenderer.RenderOverview(document, StatusText.English, StatusFilter.None, hideIds: false, Now);
        var org = StatusPageRenderer.RenderOrganization(document, StatusViews.Organization(document, "org1", hideIds: false), StatusText.English, "org1", Now);
        var json = System.Text.Encoding.UTF8.GetString(StatusJson.Serialize(document));

        Assert.Equal([new StatusHost("<b>west</b>", false, 1), new StatusHost("east", true, 1)], document.Hosts);
        Assert.Contains("data-host=\"east\" data-up=\"true\">east (1) Up", html, StringComparison.Ordinal);
        Assert.Contains("data-up=\"false\">&lt;b&gt;west&lt;/b&gt; (1) Down", html, StringComparison.Ordinal);
        Assert.Contains("i1 · host east", org, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>west</b>", html, StringComparison.Ordinal);
        Assert.Contains("\"host\":\"east\"", json, StringComparison.Ordinal);
        Assert.Contains("\"hosts\":[", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OneHostUp_ShowsNoHostsLine()
    {
        var snapshot = Snapshot() with { Sources = [SourceStatus.Pending("docker").Succeeded(Now) with { Host = "default" }] };

        var html = StatusPageRenderer.RenderOverview(StatusDocumentBuilder.Build(snapshot, Now), StatusText.English, StatusFilter.None, hideIds: false, Now);

        Assert.DoesNotContain("id=\"hosts\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OrganizationBars_SumTheirInstancesDayByDay()
    {
        var days = Assert.Single(StatusDocumentBuilder.Build(TwoDaysOfHistory(), Now).Organizations).Days;

        Assert.Equal(2, days.Count);
        Assert.Equal((HealthStatus.Down, 87.5), (days[0].Status, days[0].Uptime));
        Assert.Equal((HealthStatus.Up, 100.0), (days[1].Status, days[1].Uptime));
    }

    [Fact]
    public void StatusJson_DayBars_WrittenAsObjectsTheSameServedGzippedAndToTheFile()
    {
        var document = StatusDocumentBuilder.Build(TwoDaysOfHistory(), Now);
        using var served = new MemoryStream();

        var file = StatusJson.Serialize(document);
        var gzipped = StatusJson.SerializeGzipped(document);
        using (var plain = gzipped.OpenPlain())
        {
            plain.CopyTo(served);
        }

        Assert.Equal(file, served.ToArray());
        Assert.Equal(file.Length, gzipped.PlainLength);
        var json = System.Text.Encoding.UTF8.GetString(file);
        Assert.Contains("\"days\":[{\"date\":\"2026-03-09\",\"status\":\"down\",\"uptime\":87.5},{\"date\":\"2026-03-10\",\"status\":\"up\",\"uptime\":100}]", json, StringComparison.Ordinal);
        Assert.Contains("{\"date\":\"2026-03-10\",\"status\":\"unknown\",\"uptime\":null}", json, StringComparison.Ordinal);
    }

    /// <summary>Two instances of one organization with yesterday and today in their history; i2 has nothing today.</summary>
    private static HealthSnapshot TwoDaysOfHistory()
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        InstanceHistory History(string id, UptimeCounts yesterday, UptimeCounts todays) => new(
            id,
            UptimeWindows.Zero,
            [new UptimeDay(today.AddDays(-1), yesterday), new UptimeDay(today, todays)]);
        return new HealthSnapshot
        {
            Round = 1,
            CheckedAt = Now,
            Interval = TimeSpan.FromSeconds(30),
            Instances =
            [
                new InstanceHealth("i1", "org1", "Acme", "A", HealthStatus.Up, HealthStatus.Up, Now, null, []),
                new InstanceHealth("i2", "org1", "Acme", "B", HealthStatus.Up, HealthStatus.Up, Now, null, []),
            ],
            History = HistorySummary.Empty with
            {
                Instances = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, InstanceHistory>
                {
                    ["i1"] = History("i1", new UptimeCounts(3, 0, 1, 0, 0, 0, 0), new UptimeCounts(2, 0, 0, 0, 0, 0, 0)),
                    ["i2"] = History("i2", new UptimeCounts(4, 0, 0, 0, 0, 0, 0), UptimeCounts.Zero),
                }),
            },
        };
    }

    private static HealthSnapshot Snapshot()
    {
        var kong = new CheckResult("i1", "kong", CheckNames.Http, HealthStatus.Down, TimeSpan.FromMilliseconds(3), "connection refused");
        return new HealthSnapshot
        {
            Round = 3,
            CheckedAt = Now,
            Interval = TimeSpan.FromSeconds(30),
            Instances =
            [
                new InstanceHealth("i1", "org1", "Acme", Hostile, HealthStatus.Down, HealthStatus.Down, Now, "kong: connection refused",
                    [new ComponentHealth("kong", HealthStatus.Down, [kong])]),
                new InstanceHealth("i2", "org2", "Globex", "Shop", HealthStatus.Up, HealthStatus.Up, Now, null, []),
            ],
            History = HistorySummary.Empty with
            {
                OpenIncidents = [new Incident(1, "i1", "org1", Now.AddMinutes(-3), null, "kong: connection refused")],
            },
            Sources = ImmutableArray<SourceStatus>.Empty,
        };
    }
}
