using Microsoft.Playwright;
using Supawatch.Instances;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;
using Supawatch.MasterDb;

namespace Supawatch.IntegrationTests.Security;

/// <summary>
/// The whole script-bearing corpus as project and organization names (and two organization ids) in a real master
/// DB, on real Docker Engine tenants, with the status page loaded in a real headless Chromium. Every payload tries to set
/// <c>window.__pwned</c>, open a dialog or log <c>PWNED</c>; none may. The page is also loaded once with its
/// Content-Security-Policy stripped, so the proof rests on the escaping and not only on the CSP; and the same
/// payloads put raw into a page do run, so the detector can fail.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class HostileCorpusBrowserTests(DockerEngineFixture engine, PostgresFixture masterDb) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    /// <summary>Each entry is an XSS attempt that would set <c>window.__pwned</c> (or log/alert) if it ever ran.</summary>
    public static readonly string[] Payloads =
    [
        "<script>window.__pwned='script';console.log('PWNED script')</script>",
        "<img src=x onerror=\"window.__pwned='img';alert('PWNED')\">",
        "\"><svg onload=\"window.__pwned='svg'\"></svg>",
        "'><iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>",
        "javascript:window.__pwned='js-url'",
        "<a href=\"javascript:window.__pwned='anchor'\" id=pwnlink>click me</a>",
        "</title></h3><script>window.__pwned='breakout'</script>",
        "<style>body{display:none}</style><body onload=\"window.__pwned='body'\">",
        "{{constructor.constructor('window.__pwned=7')()}} ${window.__pwned=8}",
        "&lt;b&gt;already escaped&lt;/b&gt; &amp; &#60;script&#62;",
        "東京 São Paulo العربية \u202E<script>window.__pwned='rtl'</script>",
        "<details open ontoggle=\"window.__pwned='details'\"><summary>x</summary></details>",
    ];

    /// <summary>Organization ids that end up in a link (<c>/status/org/{id}</c>) and an attribute.</summary>
    // No '/': an encoded slash is not decoded in a route value, so such an id has no page of its own.
    private static readonly string[] HostileOrgIds = ["javascript:alert(document.domain)", "o\"><img src=x onerror=\"window.__pwned='orgid'\">"];

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    // Any element these payloads would create if they were parsed as markup; the page itself uses none of them.
    // The page's own elements are left out: its one script after the footer (local times, allowed by hash), the
    // organizations' and the day-by-day disclosures.
    private const string InjectedElements = "script:not(footer + script), img, iframe, svg, object, embed, details:not(.org):not(.days), body style, a#pwnlink";

    private readonly List<string> _containers = [];
    private readonly string _logDir = TempDirectory.Create("supawatch-hostile-browser-log-");
    private SupawatchServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private static string InstanceId(int i) => $"x{i + 1}_app_{i + 1}";

    private static string OrgId(int i) => i < HostileOrgIds.Length ? HostileOrgIds[i] : $"xorg{i + 1}";

    public async Task InitializeAsync()
    {
        await masterDb.ExecuteAsync(MasterDbQuery.Schema);
        await masterDb.ExecuteAsync("TRUNCATE projects, organizations");
        for (var i = 0; i < Payloads.Length; i++)
        {
            var org = Sql(OrgId(i));
            var text = Sql(Payloads[i]);
            await masterDb.ExecuteAsync($"INSERT INTO organizations VALUES ('{org}', 'Org {text}')");
            await masterDb.ExecuteAsync($"INSERT INTO projects VALUES ('{InstanceId(i)}', '{org}', '{text}', 'active')");
        }

        for (var i = 0; i < Payloads.Length; i++)
        {
            // Hostile labels are refused; the seed name keeps the container a tenant.
            var httpd = await engine.RunHttpdAsync($"{InstanceId(i)}_kong", labels: new Dictionary<string, string> { [ContainerNameParser.ComponentLabel] = Payloads[i] });
            _containers.Add(httpd.Name);
        }

        _server = await SupawatchServer.StartAsync(new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = engine.DockerHost,
            ["MASTER_DB_URL"] = masterDb.Url,
            ["DISCOVERY_INTERVAL"] = "1",
            ["HEALTH_CHECK_INTERVAL"] = "1",
            ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
            ["SUPAWATCH_LOG_DIR"] = _logDir,
        });
        await Wait.UntilAsync(
            async () =>
            {
                var document = await StatusApi.GetAsync(_server.StatusUrl);
                return Enumerable.Range(0, Payloads.Length).All(i => StatusApi.Instance(document, InstanceId(i)) is not null);
            },
            TimeSpan.FromSeconds(30),
            "every corpus tenant on status.json");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        foreach (var name in _containers)
        {
            await engine.RemoveAsync(name);
        }

        Directory.Delete(_logDir, recursive: true);
    }

    [Fact]
    public async Task StatusPage_HostileCorpus_NoPayloadRunsAndEveryNameIsShownAsText()
    {
        var watched = await WatchedPageAsync(stripCsp: false);

        var response = await watched.Page.GotoAsync(_server!.StatusUrl + "/status");

        Assert.Equal(200, response!.Status);
        await AssertNothingRanAsync(watched, "/status");
        for (var i = 0; i < Payloads.Length; i++)
        {
            // The overview: one collapsed entry per organization, its instances as table rows.
            var row = watched.Page.Locator($"tr[data-instance-id='{InstanceId(i)}']");
            Assert.Equal(Payloads[i], await row.Locator("td").First.TextContentAsync());
            Assert.Equal($"Org {Payloads[i]}", await watched.Page.Locator("details.org").Filter(new() { Has = row }).Locator("summary > span.name").TextContentAsync());
        }

        await ScreenshotAsync(watched.Page, "status-hostile-corpus.png");
    }

    [Fact]
    public async Task OrganizationPages_HostileNamesAndIds_NoPayloadRunsAndTheLinkStaysOnThePage()
    {
        var watched = await WatchedPageAsync(stripCsp: false);
        await watched.Page.GotoAsync(_server!.StatusUrl + "/status");
        var hrefs = await watched.Page.Locator("details.org > p > a").EvaluateAllAsync<string[]>("els => els.map(e => e.href)");
        Assert.Equal(Payloads.Length, hrefs.Length);
        Assert.All(hrefs, href => Assert.StartsWith(_server.StatusUrl + "/status/org/", href, StringComparison.Ordinal));

        for (var i = 0; i < Payloads.Length; i++)
        {
            var response = await watched.Page.GotoAsync(_server.StatusUrl + "/status/org/" + Uri.EscapeDataString(OrgId(i)));

            Assert.Equal(200, response!.Status);
            await AssertNothingRanAsync(watched, $"/status/org/ of {InstanceId(i)}");
            Assert.Equal([InstanceId(i)], await watched.Page.Locator("article.instance").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.instanceId)"));
            Assert.Equal(OrgId(i), await watched.Page.Locator("section.org").GetAttributeAsync("data-org-id"));
            Assert.Equal(Payloads[i], await watched.Page.Locator("h3.project").TextContentAsync());
            Assert.StartsWith($"Org {Payloads[i]} – ", await watched.Page.TitleAsync(), StringComparison.Ordinal);
        }

        await ScreenshotAsync(watched.Page, "status-hostile-org.png");
    }

    [Fact]
    public async Task StatusPage_HostileCorpusWithCspStripped_EscapingAloneKeepsEveryPayloadInert()
    {
        var watched = await WatchedPageAsync(stripCsp: true);

        var response = await watched.Page.GotoAsync(_server!.StatusUrl + "/status");

        Assert.False(response!.Headers.ContainsKey("content-security-policy"), "the route should have removed the CSP");
        await AssertNothingRanAsync(watched, "/status without CSP");
        foreach (var orgId in HostileOrgIds)
        {
            await watched.Page.GotoAsync(_server.StatusUrl + "/status/org/" + Uri.EscapeDataString(orgId));
            await AssertNothingRanAsync(watched, "/status/org/ without CSP");
        }
    }

    [Fact]
    public async Task Detector_SamePayloadsAsRawMarkup_DoRun()
    {
        var watched = await WatchedPageAsync(stripCsp: true);

        await watched.Page.SetContentAsync("<!doctype html><html><body>" + string.Join("<hr>", Payloads.Take(4)) + "</body></html>");
        await watched.Page.WaitForFunctionAsync("() => window.__pwned !== undefined", null, new() { Timeout = 5000 });

        Assert.True(await watched.Page.Locator(InjectedElements).CountAsync() > 0);
        Assert.Contains(watched.Console, line => line.Contains("PWNED", StringComparison.Ordinal));
    }

    private async Task<WatchedPage> WatchedPageAsync(bool stripCsp)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var watched = new WatchedPage(page);
        page.Console += (_, message) => watched.Console.Add(message.Text);
        page.Dialog += (_, dialog) =>
        {
            watched.Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        if (stripCsp)
        {
            await page.RouteAsync("**/status**", async route =>
            {
                var original = await route.FetchAsync();
                var headers = original.Headers.Where(h => !h.Key.Equals("content-security-policy", StringComparison.OrdinalIgnoreCase))
                    .ToDictionary(h => h.Key, h => h.Value);
                await route.FulfillAsync(new RouteFulfillOptions { Response = original, Headers = headers });
            });
        }

        return watched;
    }

    private static async Task AssertNothingRanAsync(WatchedPage watched, string where)
    {
        var page = watched.Page;
        // Event handlers and iframes run after load; give them a moment before looking.
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.WaitForTimeoutAsync(300);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), $"{where}: window.__pwned was set");
        Assert.Empty(watched.Dialogs);
        Assert.DoesNotContain(watched.Console, line => line.Contains("PWNED", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await page.Locator(InjectedElements).CountAsync());
        Assert.Equal(1, await page.Locator("style").CountAsync());
        Assert.Equal(0, await page.Locator("a[href^='javascript:' i]").CountAsync());
        Assert.False(
            await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('*')].some(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on')))"),
            $"{where}: an element carries an on* event handler attribute");
        Assert.True(await page.Locator("body").IsVisibleAsync(), $"{where}: injected CSS hid the page");
    }

    private static string Sql(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    private static async Task ScreenshotAsync(IPage page, string file)
    {
        var directory = Path.Combine(StatusApi.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, file), FullPage = true });
        Assert.True(new FileInfo(Path.Combine(directory, file)).Length > 1000);
    }

    private sealed record WatchedPage(IPage Page)
    {
        public List<string> Console { get; } = [];
        public List<string> Dialogs { get; } = [];
    }
}
