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
    public async Task StatusPage_English_ShowsEveryInstanceGroupedWithNinetyUptimeBars()
    {
        var page = await NewPageAsync("en-US");

        var response = await page.GotoAsync(Server.StatusUrl + "/status");

        Assert.Equal(200, response!.Status);
        Assert.Contains("script-src 'none'", response.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("Service status", await page.InnerTextAsync("h1"));
        // Every instance the API knows is on the page (the shared engine may hold other tests' tenants too).
        var api = await StatusApi.GetAsync(Server.StatusUrl);
        var shown = await page.Locator("article.instance").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.instanceId)");
        Assert.Equal(StatusApi.Instances(api).Select(i => i.GetProperty("instance_id").GetString()).Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
        Assert.Subset(shown.ToHashSet(), new HashSet<string> { "pa_app_1", "pa_app_2", "pb_app_3" });
        Assert.Equal(["Acme Ltda", "Globex"], (await page.Locator("section.org > h2 > a").AllInnerTextsAsync()).Take(2));
        foreach (var instance in await page.Locator("article.instance").AllAsync())
        {
            Assert.Equal(90, await instance.Locator(".bars .bar").CountAsync());
        }

        Assert.Equal(1, await page.Locator("article[data-instance-id=pa_app_1] .bars .bar.s-up").CountAsync());
        Assert.Equal("stopped", await page.GetAttributeAsync("article[data-instance-id=pb_app_3]", "data-status"));
        Assert.Contains("ms", await page.InnerTextAsync("article[data-instance-id=pa_app_1] table.components"), StringComparison.Ordinal);
        var html = await page.ContentAsync();
        Assert.DoesNotContain("127.0.0.1", html, StringComparison.Ordinal);
        Assert.All(_hostPorts, port => Assert.DoesNotContain($":{port}", html, StringComparison.Ordinal));
        await ScreenshotAsync(page, "status-en.png");

        var org = await page.GotoAsync(Server.StatusUrl + "/status/org/orgB");
        Assert.Equal(200, org!.Status);
        Assert.Equal(["pb_app_3"], await page.Locator("article.instance").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.instanceId)"));
        await ScreenshotAsync(page, "status-org-orgB.png");
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

        Assert.Equal(Hostile, await page.InnerTextAsync("article[data-instance-id=pa_app_2] h3.project"));
        Assert.Equal(0, await page.Locator("script").CountAsync());
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
        Assert.Equal("Parado", await page.InnerTextAsync("article[data-instance-id=pb_app_3] h3 + .badge"));
        Assert.Contains("Disponibilidade", await page.InnerTextAsync("article[data-instance-id=pa_app_1]"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await ScreenshotAsync(page, "status-pt-BR-phone.png");
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
