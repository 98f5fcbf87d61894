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
        var html = Render(StatusText.English);

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Portuguese_ReadsInPortuguese()
    {
        var html = Render(StatusText.Portuguese);

        Assert.Contains("<html lang=\"pt-BR\">", html, StringComparison.Ordinal);
        Assert.Contains("Alguns sistemas estão fora do ar", html, StringComparison.Ordinal);
        Assert.Contains("Disponibilidade", html, StringComparison.Ordinal);
        Assert.Contains("Fora do ar", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AnyFleet_HasRefreshNoScriptAndNinetyBarsPerInstance()
    {
        var html = Render(StatusText.English);

        Assert.Contains("<meta http-equiv=\"refresh\" content=\"30\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Equal(180, html.Split("class=\"bar ").Length - 1);
        Assert.Contains("Acme", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OneOrganization_ShowsOnlyItsInstances()
    {
        var document = StatusDocumentBuilder.Build(Snapshot(), Now);

        var html = StatusPageRenderer.Render(document, StatusText.English, "org2", Now);

        Assert.Contains("data-instance-id=\"i2\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-instance-id=\"i1\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentSecurityPolicy_AllowsNoScriptAndOnlyThePagesStyle()
    {
        var csp = StatusStyle.ContentSecurityPolicy;

        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'sha256-", csp, StringComparison.Ordinal);
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
        var json = System.Text.Encoding.UTF8.GetString(StatusJson.Serialize(StatusDocumentBuilder.Build(Snapshot(), Now)).Span);

        Assert.DoesNotContain("127.0.0.1", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", json, StringComparison.Ordinal);
        Assert.Contains("\"schema_version\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"24h\"", json, StringComparison.Ordinal);
        Assert.Contains("\"overall\":\"down\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ThousandInstances_OverviewDrawsOrganizationBarsOnlyAndStaysSmall()
    {
        var instances = Enumerable.Range(0, 1000)
            .Select(i => new InstanceHealth($"big_{i}", $"org{i % 10}", $"Org {i % 10}", $"Project {i}", HealthStatus.Up, HealthStatus.Up, Now, null,
                [new ComponentHealth("kong", HealthStatus.Up, [new CheckResult($"big_{i}", "kong", CheckNames.Http, HealthStatus.Up, TimeSpan.FromMilliseconds(2), "HTTP 404")])]))
            .ToImmutableArray();
        var document = StatusDocumentBuilder.Build(new HealthSnapshot { Round = 1, CheckedAt = Now, Interval = TimeSpan.FromSeconds(30), Instances = instances }, Now);

        var overview = StatusPageRenderer.Render(document, StatusText.English, null, Now);
        var org = StatusPageRenderer.Render(document, StatusText.English, "org3", Now);

        Assert.Equal(1000, overview.Split("class=\"instance\"").Length - 1);
        Assert.Equal(10 * 90, overview.Split("class=\"bar ").Length - 1);
        Assert.True(overview.Length < 2_000_000, $"overview is {overview.Length} chars");
        Assert.Equal(100 * 90, org.Split("class=\"bar ").Length - 1);
    }

    [Fact]
    public void Render_HistoryStoreFailingAndDockerDown_ShowsBannersWithoutDetails()
    {
        var snapshot = Snapshot() with
        {
            HistoryState = new HistoryState(false, "history store /var/lib/secret/history.db is locked", Now, 3, 2, 0),
            Sources = [new SourceStatus("docker", true, false, Now, Now, "unix:///run/podman.sock refused", 1)],
        };

        var html = StatusPageRenderer.Render(StatusDocumentBuilder.Build(snapshot, Now), StatusText.Portuguese, null, Now);

        Assert.Contains("id=\"history-banner\"", html, StringComparison.Ordinal);
        Assert.Contains("O histórico está temporariamente indisponível", html, StringComparison.Ordinal);
        Assert.Contains("A descoberta de instâncias está falhando (docker)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/var/lib/secret", html, StringComparison.Ordinal);
        Assert.DoesNotContain("podman.sock", html, StringComparison.Ordinal);
    }

    private static string Render(StatusText text) =>
        StatusPageRenderer.Render(StatusDocumentBuilder.Build(Snapshot(), Now), text, null, Now);

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

        var html = StatusPageRenderer.Render(document, StatusText.English, null, Now);
        var json = System.Text.Encoding.UTF8.GetString(StatusJson.Serialize(document).Span);

        Assert.Equal([new StatusHost("<b>west</b>", false, 1), new StatusHost("east", true, 1)], document.Hosts);
        Assert.Contains("data-host=\"east\" data-up=\"true\">east (1) Up", html, StringComparison.Ordinal);
        Assert.Contains("data-up=\"false\">&lt;b&gt;west&lt;/b&gt; (1) Down", html, StringComparison.Ordinal);
        Assert.Contains("i1 · host east", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>west</b>", html, StringComparison.Ordinal);
        Assert.Contains("\"host\":\"east\"", json, StringComparison.Ordinal);
        Assert.Contains("\"hosts\":[", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OneHostUp_ShowsNoHostsLine()
    {
        var snapshot = Snapshot() with { Sources = [SourceStatus.Pending("docker").Succeeded(Now) with { Host = "default" }] };

        var html = StatusPageRenderer.Render(StatusDocumentBuilder.Build(snapshot, Now), StatusText.English, null, Now);

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
    public void StatusJson_DayBars_WrittenAsObjectsTheSameToABufferAndToAStream()
    {
        var document = StatusDocumentBuilder.Build(TwoDaysOfHistory(), Now);
        using var stream = new MemoryStream();

        StatusJson.Serialize(document, stream);
        var buffered = StatusJson.Serialize(document).ToArray();

        Assert.Equal(buffered, stream.ToArray());
        var json = System.Text.Encoding.UTF8.GetString(buffered);
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
