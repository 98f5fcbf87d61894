using System.Runtime.Versioning;
using Supawatch.Alerting;
using Supawatch.Configuration;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Stack;

namespace Supawatch.IntegrationTests.Security;

/// <summary>
/// End to end: <c>stack setup</c> (native runtime) renders prometheus.yml for a Supawatch that requires a bearer
/// token; promtool accepts it, and a real Prometheus running that file scrapes <c>/metrics</c> (target up).
/// With a wrong token in the same file the target goes down with a 401, so the check can fail. (The tenants come
/// from <c>instances.json</c>, so prometheus.yml does not call <c>/sd</c>.)
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class StackScrapeAuthTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>, IAsyncLifetime
{
    private const string Token = "stack-scrape-token-9b3f";
    private readonly string _root = TempDirectory.Create("stackauth");
    private SupawatchServer? _server;

    public async Task InitializeAsync()
    {
        var tokenFile = Path.Combine(_root, "serve-token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _server = await SupawatchServer.StartAsync(new Dictionary<string, string>
        {
            ["SUPAWATCH_AUTH_TOKEN_FILE"] = tokenFile,
            ["DOCKER_HOST"] = $"unix://{Path.Combine(_root, "no-docker.sock")}",
        });
    }

    public async Task DisposeAsync()
    {
        await prometheus.StopAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task StackSetup_WithBearerToken_RealPrometheusScrapesMetrics()
    {
        var metricsPort = new Uri(_server!.MetricsUrl).Port;
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await _server.GetAsync("/metrics")).StatusCode);
        var errors = new List<string>();
        var credentials = ScrapeCredentials.Load(SupawatchConfiguration.Build(null, new Dictionary<string, string> { ["SUPAWATCH_AUTH_TOKEN_FILE"] = Path.Combine(_root, "serve-token") }), errors);
        Assert.Empty(errors);
        var options = new StackOptions { SupawatchPort = metricsPort, PrometheusPort = prometheus.Port, AlertmanagerPort = FreePort.Next(), NodeExporterPort = FreePort.Next() };
        var layout = new StackLayout(Path.Combine(_root, "monitoring"));
        var input = new StackSetupInput(new StackSettings(StackRuntime.Native, StackPorts.From(options)), options, new AlertingOptions(), TimeSpan.FromSeconds(1), [], Credentials: credentials);

        var result = await new StackSetup(layout).RunAsync(input, force: false, CancellationToken.None);

        Assert.True(result.Ok, string.Join('\n', result.Errors));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("not validated", StringComparison.Ordinal));
        var yaml = await File.ReadAllTextAsync(layout.PrometheusFile);
        Assert.DoesNotContain(Token, yaml, StringComparison.Ordinal);

        // The fixture runs Prometheus on its own copy of the file; the secret goes beside it, as setup laid it out.
        var secret = Path.Combine(prometheus.ConfigDir, ScrapeAuth.TokenFile);
        Directory.CreateDirectory(Path.GetDirectoryName(secret)!);
        File.Copy(Path.Combine(layout.Root, ScrapeAuth.TokenFile), secret, overwrite: true);
        await prometheus.StartAsync(yaml);

        await Wait.UntilAsync(async () => (await SupawatchTarget())?.Health == "up", TimeSpan.FromSeconds(20), "the supawatch job up with the token");

        await File.WriteAllTextAsync(secret, "a-wrong-token");
        await Wait.UntilAsync(async () => (await SupawatchTarget())?.LastError.Contains("401", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(20), "the supawatch job refused with a wrong token");
    }

    private async Task<PrometheusTarget?> SupawatchTarget() =>
        (await prometheus.GetActiveTargetsAsync()).FirstOrDefault(t => t.ScrapePool == PrometheusConfig.SupawatchJob);
}
