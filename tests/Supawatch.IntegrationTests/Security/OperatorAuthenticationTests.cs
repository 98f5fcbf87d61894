using System.Runtime.Versioning;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Security;

/// <summary>The real service with SUPAWATCH_AUTH_* set: operator endpoints demand credentials, probes and the page do not.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class OperatorAuthenticationTests : IAsyncLifetime
{
    private const string Token = "tok-7f1c2a9e-operator";
    private const string User = "prometheus";
    private const string Password = "pw-b81d3e";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _secrets = TempDirectory.Create("auth");
    private SupawatchServer? _server;

    private SupawatchServer Server => _server!;

    public async Task InitializeAsync()
    {
        var tokenFile = Path.Combine(_secrets, "token");
        File.WriteAllText(tokenFile, Token + "\n");
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _server = await SupawatchServer.StartAsync(new Dictionary<string, string>
        {
            // No Docker here: the endpoints answer from an empty inventory, which is all these tests need.
            ["DOCKER_HOST"] = $"unix://{_secrets}/no-docker.sock",
            ["SUPAWATCH_AUTH_TOKEN_FILE"] = tokenFile,
            ["SUPAWATCH_AUTH_USER"] = User,
            ["SUPAWATCH_AUTH_PASSWORD"] = Password,
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_secrets, recursive: true);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/sd")]
    [InlineData("/api/v1/instances")]
    public async Task OperatorEndpoint_WithoutCredentials_Is401WithBothChallenges(string path)
    {
        using var response = await Http.GetAsync(Server.MetricsUrl + path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var schemes = response.Headers.WwwAuthenticate.Select(h => h.Scheme).ToList();
        Assert.Contains("Bearer", schemes);
        Assert.Contains("Basic", schemes);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/sd")]
    [InlineData("/api/v1/instances")]
    public async Task OperatorEndpoint_WithTokenOrBasic_IsServed(string path)
    {
        using var bearer = await SendAsync(path, new AuthenticationHeaderValue("Bearer", Token));
        using var basic = await SendAsync(path, Basic(User, Password));

        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
    }

    [Theory]
    [InlineData("Bearer", Token + "0")]
    [InlineData("Bearer", Password)]
    [InlineData("Basic", "cHJvbWV0aGV1czp3cm9uZw==")] // prometheus:wrong
    public async Task Metrics_WrongCredentials_Is401(string scheme, string parameter)
    {
        using var response = await SendAsync("/metrics", new AuthenticationHeaderValue(scheme, parameter));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ProbesAndStatusPage_WithoutCredentials_AreNotChallenged()
    {
        using var healthz = await Http.GetAsync(Server.MetricsUrl + "/healthz");
        using var readyz = await Http.GetAsync(Server.MetricsUrl + "/readyz");
        using var page = await Http.GetAsync(Server.StatusUrl + "/status");
        using var json = await Http.GetAsync(Server.StatusUrl + "/status/api/status.json");

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, readyz.StatusCode); // 503 until Docker answers: still a probe answer
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string path, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Server.MetricsUrl + path);
        request.Headers.Authorization = authorization;
        return await Http.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
