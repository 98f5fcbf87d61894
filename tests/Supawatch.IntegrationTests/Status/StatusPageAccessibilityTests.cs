using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Tests.Status;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Status;

/// <summary>
/// The overview and an organization's page in a real headless Chromium (the system's), checked by axe-core at
/// WCAG 2.1 A and AA in light and dark mode and both languages; a day bar read with the keyboard alone; times in the
/// reader's zone; and the 1,000-instance overview's size and first paint, reported (docs/performance.md).
/// </summary>
public sealed class StatusPageAccessibilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private StatusPageHost? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private StatusPageHost Host => _host!;

    public async Task InitializeAsync()
    {
        var chromium = RequiredTool.RequireFile("/usr/bin/chromium", "chromium");
        // 30 instances in three organizations: every kind of row and state, and axe's contrast rule stays quick.
        _host = await StatusPageHost.StartAsync(SyntheticFleet.Snapshot(30, Now));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/status", "en-US", ColorScheme.Light)]
    [InlineData("/status", "en-US", ColorScheme.Dark)]
    [InlineData("/status", "pt-BR", ColorScheme.Light)]
    [InlineData("/status", "pt-BR", ColorScheme.Dark)]
    [InlineData("/status/org/org000", "en-US", ColorScheme.Light)]
    [InlineData("/status/org/org000", "en-US", ColorScheme.Dark)]
    [InlineData("/status/org/org001", "pt-BR", ColorScheme.Light)]
    [InlineData("/status/org/org001", "pt-BR", ColorScheme.Dark)]
    public async Task Page_LightAndDarkBothLanguages_NoAxeViolationsAtWcag21AA(string path, string locale, ColorScheme scheme)
    {
        var page = await NewPageAsync(locale, scheme);
        var response = await page.GotoAsync(Host.Url + path);
        Assert.Equal(200, response!.Status);
        Assert.Equal(locale == "pt-BR" ? "pt-BR" : "en", await page.GetAttributeAsync("html", "lang"));
        // The reader's own switch: no refresh while axe reads the page (a slow run outlasts the 30 s interval).
        await page.UncheckAsync("#auto");
        // Collapsed parts are checked too: open every disclosure first.
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal(scheme == ColorScheme.Dark ? "rgb(13, 17, 23)" : "rgb(255, 255, 255)", background);

        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(result.Passes.Length > 10, "axe ran almost no rules: " + result.Passes.Length);
        Assert.Contains(result.Passes, p => p.Id == "color-contrast");
        output.WriteLine($"{path} {locale} {scheme}: 0 violations, {result.Passes.Length} rules passed");
    }

    [Fact]
    public async Task DayBar_KeyboardOnly_OpensAndReadsADaysUptime()
    {
        var page = await NewPageAsync("en-US", ColorScheme.Light);
        await page.GotoAsync(Host.Url + "/status/org/org000");
        using var http = new HttpClient();
        var json = JsonDocument.Parse(await http.GetStringAsync(Host.Url + "/status/org/org000.json")).RootElement;
        var expected = json.GetProperty("organization").GetProperty("days").EnumerateArray().Last();

        // The first Tab stop is the refresh switch: Space turns it off, so the page stays put while it is read.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("auto", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Space");
        Assert.False(await page.IsCheckedAsync("#auto"));

        // Tab on to the first day-by-day disclosure (the organization's own bars).
        string? focused = null;
        for (var i = 0; i < 60 && focused != "days"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            focused = await page.EvaluateAsync<string?>("() => document.activeElement?.closest('details')?.className ?? null");
        }

        Assert.Equal("days", focused);
        Assert.Equal("Day by day, last 90 days", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement.closest('details').open"));
        await page.Keyboard.PressAsync("Enter");

        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.closest('details').open"));
        var firstRow = await page.EvaluateAsync<string[]>("() => [...document.activeElement.closest('details').querySelectorAll('tbody tr:first-child td')].map(td => td.innerText)");
        var uptime = expected.GetProperty("uptime").GetDouble();
        var status = expected.GetProperty("status").GetString() switch { "up" => "Up", "degraded" => "Degraded", "down" => "Down", "stopped" => "Stopped", _ => "Unknown" };
        Assert.Equal([expected.GetProperty("date").GetString()!, status, uptime >= 99.995 ? "100%" : uptime.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%"], firstRow);
        Assert.True(await page.Locator("details.days").First.Locator("tbody tr").First.IsVisibleAsync());
        Assert.Equal(90, await page.Locator("details.days").First.Locator("tbody tr").CountAsync());
    }

    [Fact]
    public async Task Times_ReaderInSaoPaulo_ShownInTheirZoneAndUtcWithoutScript()
    {
        var utc = Now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
        var local = await NewPageAsync("pt-BR", ColorScheme.Light, timezone: "America/Sao_Paulo");
        var noScript = await NewPageAsync("pt-BR", ColorScheme.Light, timezone: "America/Sao_Paulo", javaScript: false);

        await local.GotoAsync(Host.Url + "/status");
        await noScript.GotoAsync(Host.Url + "/status");

        var shown = await local.InnerTextAsync("#last-check");
        var expected = TimeZoneInfo.ConvertTime(Now, TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo"));
        Assert.Contains(expected.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), shown, StringComparison.Ordinal);
        Assert.Contains(expected.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), shown, StringComparison.Ordinal);
        Assert.Equal("Horários no seu fuso horário (America/Sao_Paulo).", await local.InnerTextAsync("#tz"));
        Assert.Equal(utc, await noScript.InnerTextAsync("#last-check"));
        Assert.Equal("Horários em UTC.", await noScript.InnerTextAsync("#tz"));
    }

    [Fact]
    public async Task Overview_ThousandInstances_Under300KBAndFirstPaintReported()
    {
        await using var big = await StatusPageHost.StartAsync(SyntheticFleet.Snapshot(1000, Now));
        using var http = new HttpClient();
        var bytes = await http.GetByteArrayAsync(big.Url + "/status");
        var statusJson = (await http.GetByteArrayAsync(big.Url + "/status/api/status.json")).Length;
        var overviewJson = (await http.GetByteArrayAsync(big.Url + "/status/api/overview.json")).Length;

        var paints = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var page = await NewPageAsync("en-US", ColorScheme.Light);
            await page.GotoAsync(big.Url + "/status", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            paints.Add(await page.EvaluateAsync<double>(
                "() => new Promise(r => { const f = () => { const e = performance.getEntriesByName('first-contentful-paint')[0]; e ? r(e.startTime) : setTimeout(f, 20); }; f(); })"));
            await page.Context.CloseAsync();
        }

        paints.Sort();
        var report = $"overview at 1,000 instances: {bytes.Length:N0} bytes HTML, first contentful paint median {paints[2]:0} ms (runs: {string.Join(", ", paints.Select(p => p.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} ms); overview.json {overviewJson:N0} bytes; status.json {statusJson:N0} bytes";
        output.WriteLine(report);
        var artifacts = Path.Combine(Health.StatusApi.RepositoryRoot(), "artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "status-overview-1000.txt"), report + "\n", Encoding.UTF8);
        Assert.True(bytes.Length < 300 * 1024, report);
        Assert.Equal(1000, await CountRowsAsync(big.Url));
    }

    private async Task<int> CountRowsAsync(string url)
    {
        var page = await NewPageAsync("en-US", ColorScheme.Light);
        await page.GotoAsync(url + "/status");
        return await page.Locator("tr[data-instance-id]").CountAsync();
    }

    private async Task<IPage> NewPageAsync(string locale, ColorScheme scheme, string? timezone = null, bool javaScript = true)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ColorScheme = scheme,
            TimezoneId = timezone ?? "UTC",
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }
}
