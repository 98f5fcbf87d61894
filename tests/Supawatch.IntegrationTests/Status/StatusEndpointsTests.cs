using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Supawatch.Tests.Status;

namespace Supawatch.IntegrationTests.Status;

/// <summary>
/// The status listener's routes over real HTTP (Kestrel on 127.0.0.1): badges and organization JSON with their ETags,
/// the overview public, operator-only and off, and hidden ids.
/// </summary>
public sealed class StatusEndpointsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Badge_SecondRequestWithItsETag_Is304AndTheSvgParses()
    {
        await using var host = await StatusPageHost.StartAsync(SyntheticFleet.Snapshot(30, Now));
        using var http = new HttpClient();

        using var first = await http.GetAsync(host.Url + "/status/badge/org/org000/status.svg");
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, host.Url + "/status/badge/org/org000/status.svg");
        again.Headers.IfNoneMatch.Add(etag);
        using var cached = await http.SendAsync(again);
        using var uptime = await http.GetAsync(host.Url + "/status/badge/instance/p0020_app_20/uptime-30d.svg?lang=pt-BR");
        using var unknownKind = await http.GetAsync(host.Url + "/status/badge/org/org000/uptime-1y.svg");
        using var unknownOrg = await http.GetAsync(host.Url + "/status/badge/org/%3Cscript%3E/status.svg");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/svg+xml; charset=utf-8", first.Content.Headers.ContentType!.ToString());
        Assert.Equal("public, max-age=30", first.Headers.CacheControl!.ToString());
        Assert.False(etag.IsWeak);
        Assert.Equal("default-src 'none'; sandbox", first.Headers.GetValues("Content-Security-Policy").Single());
        var svg = Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Root!.Name);
        Assert.Equal("status: down", (string?)svg.Root.Attribute("aria-label"));
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        Assert.Equal("disponibilidade 30 d: 99.97%", (string?)Parse(await uptime.Content.ReadAsStringAsync()).Root!.Attribute("aria-label"));
        Assert.Equal(HttpStatusCode.NotFound, unknownKind.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownOrg.StatusCode);
    }

    [Fact]
    public async Task OrganizationJson_KnownAndUnknown_TheOrganizationOr404()
    {
        await using var host = await StatusPageHost.StartAsync(SyntheticFleet.Snapshot(30, Now));
        using var http = new HttpClient();

        using var response = await http.GetAsync(host.Url + "/status/org/org002.json");
        using var unknown = await http.GetAsync(host.Url + "/status/org/nope.json");
        using var page = await http.GetAsync(host.Url + "/status/org/org002");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var organization = json.GetProperty("organization");
        Assert.Equal("org002", organization.GetProperty("org_id").GetString());
        Assert.Equal(10, organization.GetProperty("instances").GetArrayLength());
        Assert.Equal("p0020_app_20", organization.GetProperty("instances")[0].GetProperty("instance_id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Overview_OperatorOnly_401WithoutCredentialsAndOrganizationPagesStayOpen()
    {
        await using var host = await StatusPageHost.StartAsync(SyntheticFleet.Snapshot(30, Now), new()
        {
            ["StatusPage:Overview"] = "operator",
            ["Auth:Token"] = "operator-token-for-the-test",
        });
        using var http = new HttpClient();

        using var anonymous = await http.GetAsync(host.Url + "/status");
        using var anonymousJson = await http.GetAsync(host.Url + "/status/api/status.json");
        using var anonymousOverview = await http.GetAsync(host.Url + "/status/api/overview.json");
        using var wrong = await SendAsync(http, host.Url + "/status", "not-the-token");
        using var right = await SendAsync(http, host.Url + "/status", "operator-token-for-the-test");
        using var org = await http.GetAsync(host.Url + "/status/org/org001");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer realm=\"supawatch\"", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousJson.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousOverview.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("no-store, private", right.Headers.CacheControl!.ToString());
        Assert.Contains("data-instance-id=\"p0007_app_7\"", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, org.StatusCode);
    }

    [Fact]
    public async Task Overview_Off_404ThatSaysWhyAndOrganizationPagesStayOpen()
    {
        await using var host = await StatusPageHost.StartAsync(SyntheticFleet.Snapshot(30, Now), new() { ["StatusPage:Overview"] = "off" });
        using var http = new HttpClient();

        using var overview = await http.GetAsync(host.Url + "/status?lang=pt-BR");
        using var json = await http.GetAsync(host.Url + "/status/api/status.json");
        using var org = await http.GetAsync(host.Url + "/status/org/org001");

        Assert.Equal(HttpStatusCode.NotFound, overview.StatusCode);
        Assert.Contains("Esta página não é pública.", await overview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal(HttpStatusCode.OK, org.StatusCode);
    }

    [Fact]
    public async Task HideIds_PublicOverviewOrganizationPageAndJson_NoInstanceIdOrHost()
    {
        await using var host = await StatusPageHost.StartAsync(SyntheticFleet.Snapshot(30, Now), new() { ["StatusPage:HideIds"] = "true" });
        using var http = new HttpClient();

        foreach (var path in new[] { "/status", "/status?q=loja", "/status/org/org000", "/status/org/org000.json", "/status/api/overview.json" })
        {
            var body = await http.GetStringAsync(host.Url + path);
            Assert.False(body.Contains("_app_", StringComparison.Ordinal), $"{path} shows an instance id");
            Assert.False(body.Contains("east", StringComparison.Ordinal) || body.Contains("west", StringComparison.Ordinal), $"{path} shows a host name");
        }

        Assert.Contains("Projeto 7 – loja", await http.GetStringAsync(host.Url + "/status/org/org000"), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string url, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    private static XDocument Parse(string svg)
    {
        using var reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader);
    }
}
