using Microsoft.Playwright;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;
using Supawatch.MasterDb;

namespace Supawatch.IntegrationTests.Status;

/// <summary>
/// The status page in a real headless Chromium (the system's, no download), against <c>serve</c> checking real
/// Docker Engine tenants whose names come from a real master DB. Screenshots go to artifacts/screenshots/.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class StatusPageBrowserTests(DockerEngineFixture engine, PostgresFixture masterDb) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const string Hostile = "<script>window.__pwned=1;alert(\"x\")</script><img src=x onerror=\"window.__pwned=2\"> São Paulo";
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    // The overall line depends on every tenant on the shared engine, not only this class's.
    private static readonly string[] PortugueseOverall = ["Todos os sistemas operacionais", "Alguns sistemas estão degradados", "Alguns sistemas estão fora do ar"];

    private readonly List<string> _containers = [];
    private readonly string _logDir = TempDirectory.Create("supawatch-browser-log-");
    private readonly List<int> _hostPorts = [];
    private SupawatchServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private SupawatchServer Server => _server!;

    public async Task InitializeAsync()
    {
        await masterDb.ExecuteAsync(MasterDbQuery.Schema);
        await masterDb.ExecuteAsync($"""
            TRUNCATE projects, organizations;
            INSERT INTO organizations VALUES ('orgA', 'Acme Ltda'), ('orgB', 'Globex');
            INSERT INTO projects VALUES
              ('pa_app_1', 'orgA', 'Loja', 'active'),
              ('pa_app_2', 'orgA', '{Hostile.Replace("'", "''", StringComparison.Ordinal)}', 'active'),
              ('pb_app_3', 'orgB', 'Paused one', 'paused');
            """);
        foreach (var name in new[] { "pa_app_1_kong", "pa_app_2_kong", "pb_app_3_kong" })
        {
            var httpd = await engine.RunHttpdAsync(name);
            _containers.Add(httpd.Name);
            _hostPorts.Add(httpd.HostPort);
        }

        await engine.StopAsync("pb_app_3_kong", timeoutSeconds: 0);
        _server = await SupawatchServer.StartAsync(new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = engine.DockerHost,
            ["MASTER_DB_URL"] = masterDb.Url,
            ["HEALTH_CHECK_INTERVAL"] = "2",
            ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
            ["SUPAWATCH_LOG_DIR"] = _logDir,
        });
        await Wait.UntilAsync(async () =>
            {
                var document = await StatusApi.GetAsync(Server.StatusUrl);
                return document.GetProperty("round").GetInt64() >= 2
                       && StatusApi.StatusOf(document, "pa_app_1") == "up"
                       && StatusApi.StatusOf(document, "pa_app_2") == "up"
                       && StatusApi.StatusOf(document, "pb_app_3") == "stopped";
            },
            TimeSpan.FromSeconds(30), "two rounds with every tenant checked");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
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
    public async Task StatusPage_English_OverviewListsEveryInstanceAndOrganizationPagesDrawNinetyBars()
    {
        var page = await NewPageAsync("en-US");

        var response = await page.GotoAsync(Server.StatusUrl + "/status");

        Assert.Equal(200, response!.Status);
        var csp = response.Headers["content-security-policy"];
        Assert.Contains("script-src 'sha256-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("Service status", await page.InnerTextAsync("h1"));
        // Every instance the API knows is a row of the overview (the shared engine may hold other tests' tenants too).
        var api = await StatusApi.GetAsync(Server.StatusUrl);
        var shown = await page.Locator("tr[data-instance-id]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.instanceId)");
        Assert.Equal(StatusApi.Instances(api).Select(i => i.GetProperty("instance_id").GetString()).Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
        Assert.Subset(shown.ToHashSet(), new HashSet<string> { "pa_app_1", "pa_app_2", "pb_app_3" });
        // Up before stopped: Acme (both up) is listed before Globex (paused).
        Assert.Equal(["Acme Ltda", "Globex"], (await page.Locator("details.org .name").AllInnerTextsAsync()).Where(n => n is "Acme Ltda" or "Globex"));
        Assert.Equal("stopped", await page.GetAttributeAsync("tr[data-instance-id=pb_app_3]", "data-status"));
        var html = await page.ContentAsync();
        Assert.DoesNotContain("127.0.0.1", html, StringComparison.Ordinal);
        Assert.All(_hostPorts, port => Assert.DoesNotContain($":{port}", html, StringComparison.Ordinal));
        await ScreenshotAsync(page, "status-en.png");

        await page.ClickAsync("details[data-org-id=orgA] summary");
        await page.ClickAsync("details[data-org-id=orgA] a");
        Assert.EndsWith("/status/org/orgA?lang=en", page.Url, StringComparison.Ordinal);
        Assert.Equal("Acme Ltda", await page.InnerTextAsync("h1"));
        foreach (var instance in await page.Locator("article.instance").AllAsync())
        {
            Assert.Equal(90, await instance.Locator(".bars .bar").CountAsync());
        }

        Assert.Equal(1, await page.Locator("article[data-instance-id=pa_app_1] .bars .bar.s-up").CountAsync());
        Assert.Contains("ms", await page.InnerTextAsync("article[data-instance-id=pa_app_1] table.components"), StringComparison.Ordinal);
        await ScreenshotAsync(page, "status-org-orgA.png");

        var org = await page.GotoAsync(Server.StatusUrl + "/status/org/orgB");
        Assert.Equal(200, org!.Status);
        Assert.Equal(["pb_app_3"], await page.Locator("article.instance").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.instanceId)"));
        await ScreenshotAsync(page, "status-org-orgB.png");
    }

    [Fact]
    public async Task OrganizationJsonAndBadges_RealTenants_SayWhatThePageSays()
    {
        using var http = new HttpClient();

        var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(Server.StatusUrl + "/status/org/orgB.json")).RootElement;
        using var badge = await http.GetAsync(Server.StatusUrl + "/status/badge/org/orgB/status.svg");
        using var instanceBadge = await http.GetAsync(Server.StatusUrl + "/status/badge/instance/pa_app_1/status.svg");
        using var missing = await http.GetAsync(Server.StatusUrl + "/status/badge/org/nope/status.svg");

        var organization = json.GetProperty("organization");
        Assert.Equal("Globex", organization.GetProperty("org_name").GetString());
        Assert.Equal(["pb_app_3"], organization.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("instance_id").GetString()));
        Assert.Equal("image/svg+xml; charset=utf-8", badge.Content.Headers.ContentType!.ToString());
        Assert.Contains(">stopped</text>", await badge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(">up</text>", await instanceBadge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task StatusPage_HostileProjectName_IsShownAsTextAndNeverRuns()
    {
        var page = await NewPageAsync("en-US");
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        await page.GotoAsync(Server.StatusUrl + "/status");
        // Its organization is collapsed (all up), so the row's text is read, not its rendering.
        Assert.Equal(Hostile, await page.TextContentAsync("tr[data-instance-id=pa_app_2] td"));
        await page.GotoAsync(Server.StatusUrl + "/status/org/orgA");

        Assert.Equal(Hostile, await page.InnerTextAsync("article[data-instance-id=pa_app_2] h3.project"));
        // The one script is the page's own (local times and the refresh switch).
        Assert.Equal(1, await page.Locator("script").CountAsync());
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"));
        Assert.Equal(0, dialogs);
        await ScreenshotAsync(page, "status-hostile-name.png");
    }

    [Fact]
    public async Task StatusPage_BrowserInPortuguese_ReadsInPortugueseAndFitsAPhone()
    {
        var page = await NewPageAsync("pt-BR", new ViewportSize { Width = 390, Height = 844 });

        var response = await page.GotoAsync(Server.StatusUrl + "/status");

        Assert.Equal("pt-BR", response!.Headers["content-language"]);
        Assert.Equal("pt-BR", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Status dos serviços", await page.InnerTextAsync("h1"));
        Assert.Contains(await page.InnerTextAsync("#overall"), PortugueseOverall);
        Assert.Contains("Última verificação", await page.InnerTextAsync("header"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the overview scrolls sideways on a phone");
        await ScreenshotAsync(page, "status-pt-BR-phone.png");

        await page.GotoAsync(Server.StatusUrl + "/status/org/orgB");
        Assert.Equal("Parado", await page.InnerTextAsync("article[data-instance-id=pb_app_3] h3 + .badge"));
        Assert.Contains("projeto está pausado no banco mestre", await page.InnerTextAsync("article[data-instance-id=pb_app_3]"), StringComparison.Ordinal);
        await page.GotoAsync(Server.StatusUrl + "/status/org/orgA");
        Assert.Contains("Disponibilidade", await page.InnerTextAsync("article[data-instance-id=pa_app_1]"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the organization page scrolls sideways on a phone");
        await ScreenshotAsync(page, "status-org-pt-BR-phone.png");
    }

    private async Task<IPage> NewPageAsync(string locale, ViewportSize? viewport = null)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string file)
    {
        var directory = Path.Combine(StatusApi.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, file), FullPage = true });
        Assert.True(new FileInfo(Path.Combine(directory, file)).Length > 1000);
    }
}
