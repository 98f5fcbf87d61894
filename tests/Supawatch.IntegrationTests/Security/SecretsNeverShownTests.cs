using System.Net.Http.Headers;
using System.Runtime.Versioning;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;

namespace Supawatch.IntegrationTests.Security;

/// <summary>
/// The built <c>supawatch</c> run as an operator would, with every kind of secret set and things broken around
/// it (master DB unreachable, Alertmanager and webhooks unreachable): no secret shows in its output, its HTTP
/// answers or its data folder, and the files that must hold one are mode 600. Tenant <c>_db</c> containers carry their
/// own <c>POSTGRES_PASSWORD</c>, which Supawatch reads and logs in with (one read, one refused after a rotation): it
/// shows nowhere either, with the global <c>SUPAWATCH_DB_PASSWORD</c> set and without it. A tenant Kong carries its anon key
/// (<c>SUPABASE_ANON_KEY</c>), which the API checks read and send: it shows nowhere.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class SecretsNeverShownTests(DockerEngineFixture engine) : IAsyncLifetime
{
    private const string MasterDbPassword = "MdbPw-9f3kQz";
    private const string TenantDbPassword = "TenantPw-2c7qLx";
    private const string SlackToken = "SlackTok-5h1xWv";
    private const string WebhookToken = "HookTok-8d2mRp";
    private const string SmtpPassword = "SmtpPw-4n6vBn";
    private const string AuthToken = "AuthTok-1a9zKc";
    private const string ContainerDbPassword = "CtrDbPw-6w3jTe";
    private const string RotatedContainerDbPassword = "CtrDbPw-0p8sHu";
    private const string AnonKey = "AnonKey-7y4fGm";
    private static readonly string[] Secrets =
        [MasterDbPassword, TenantDbPassword, SlackToken, WebhookToken, SmtpPassword, AuthToken, ContainerDbPassword, RotatedContainerDbPassword, AnonKey];
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _root = TempDirectory.Create("secrets");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Serve_WithEverySecretSetAndDependenciesBroken_ShowsNoSecretAnywhere()
    {
        var dll = SupawatchDll();
        var metricsUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var statusUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var environment = Environment(metricsUrl, statusUrl);
        var kong = await engine.RunHttpdAsync("x1_app_1_kong");
        var db = await TenantDb.TenantPostgres.RunAsync(engine, "x1_app_1_db", "postgres", ContainerDbPassword, "postgres");
        // The container still says its first password; the server was given another since: a login refused with it.
        var rotated = await TenantDb.TenantPostgres.RunAsync(engine, "x1_app_2_db", "postgres", RotatedContainerDbPassword, "postgres");
        await rotated.ExecuteAsync("ALTER ROLE postgres PASSWORD 'changed-since'");
        // A Kong holding the tenant's anon key, without Supabase's routes: the API check sends the key and gets a 404.
        const string KeyedKong = "x1_app_3_kong";
        await engine.RunAsync(KeyedKong, "-e", $"SUPABASE_ANON_KEY={AnonKey}", "-p", $"127.0.0.1:{FreePort.Next()}:8000",
            BusyboxImage.Reference, "httpd", "-f", "-p", "8000", "-h", "/tmp");
        var outputs = new Dictionary<string, string>();
        try
        {
            // The containers' own logins (no SUPAWATCH_DB_PASSWORD over them): one database read, one refused.
            var ownLogins = new Dictionary<string, string>(environment);
            ownLogins.Remove("SUPAWATCH_DB_PASSWORD");
            ownLogins["SUPAWATCH_DB_INTERVAL"] = "1";
            var own = ServerProcess.Start("dotnet", [dll, "serve"], Path.Combine(_root, "serve-own-logins.log"), ownLogins);
            await using (own)
            {
                var last = "";
                try
                {
                    await Wait.UntilAsync(
                        async () =>
                        {
                            Assert.False(own.HasExited, "supawatch exited:\n" + own.LogTail());
                            last = await GetAsync(metricsUrl + "/api/v1/instances");
                            var metrics = await GetAsync(metricsUrl + "/metrics");
                            return last.Contains("\"reason\":\"auth\"", StringComparison.Ordinal)
                                && metrics.Contains("supabase_database_up{instance_id=\"x1_app_1\",host=\"default\"} 1", StringComparison.Ordinal);
                        },
                        TimeSpan.FromSeconds(30),
                        "x1_app_1's database read and x1_app_2's refused");
                }
                catch (TimeoutException ex)
                {
                    throw new InvalidOperationException($"{ex.Message}\n--- /api/v1/instances ---\n{last}\n--- log ---\n{own.LogTail()}", ex);
                }

                outputs["own logins: /metrics"] = await GetAsync(metricsUrl + "/metrics");
                outputs["own logins: /api/v1/instances"] = await GetAsync(metricsUrl + "/api/v1/instances");
                await Wait.UntilAsync(async () => StatusApi.StatusOf(await StatusApi.GetAsync(statusUrl), "x1_app_1") is not null,
                    TimeSpan.FromSeconds(30), "x1_app_1 on the status page");
                outputs["own logins: /status"] = await GetAsync(statusUrl + "/status");
                outputs["own logins: /status/api/status.json"] = await GetAsync(statusUrl + "/status/api/status.json");
            }

            outputs["own logins: serve stdout+stderr"] = own.LogTail(int.MaxValue);
            var health = await ProcessRunner.TryRunAsync("dotnet", [dll, "health"], environment: ownLogins);
            outputs["own logins: health"] = health.StandardOutput + health.StandardError;

            var process = ServerProcess.Start("dotnet", [dll, "serve"], Path.Combine(_root, "serve.log"), environment);
            await using (process)
            {
                var last = "";
                try
                {
                    await Wait.UntilAsync(
                        async () =>
                        {
                            Assert.False(process.HasExited, "supawatch exited:\n" + process.LogTail());
                            var status = await StatusApi.GetAsync(statusUrl);
                            last = status.ToString();
                            return StatusApi.StatusOf(status, "x1_app_1") is not null
                                && StatusApi.Instance(status, "x1_app_3")?.GetProperty("cause").GetString() is { } cause
                                && cause.Contains("auth: HTTP 404 (no such route in Kong) at /auth/v1/health through Kong", StringComparison.Ordinal);
                        },
                        TimeSpan.FromSeconds(30),
                        "x1_app_1 on the status page and x1_app_3's API check through Kong");
                }
                catch (TimeoutException ex)
                {
                    throw new InvalidOperationException($"{ex.Message}\n--- status.json ---\n{last}\n--- log ---\n{process.LogTail()}", ex);
                }

                outputs["/metrics"] = await GetAsync(metricsUrl + "/metrics");
                outputs["/sd"] = await GetAsync(metricsUrl + "/sd");
                outputs["/api/v1/instances"] = await GetAsync(metricsUrl + "/api/v1/instances");
                outputs["/readyz"] = await GetAsync(metricsUrl + "/readyz");
                outputs["/status"] = await GetAsync(statusUrl + "/status");
                outputs["/status/api/status.json"] = await GetAsync(statusUrl + "/status/api/status.json");
                using (var unauthorized = await Http.GetAsync(metricsUrl + "/metrics"))
                {
                    Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthorized.StatusCode);
                    outputs["401 answer"] = unauthorized.Headers + await unauthorized.Content.ReadAsStringAsync();
                }

                // The master DB failure is reported (so the scenario really broke something), without its password.
                Assert.Contains("master", outputs["/api/v1/instances"], StringComparison.OrdinalIgnoreCase);
            }

            outputs["serve stdout+stderr"] = process.LogTail(int.MaxValue);
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
            await engine.RemoveAsync(db.Name);
            await engine.RemoveAsync(rotated.Name);
            await engine.RemoveAsync(KeyedKong);
        }

        var notify = await ProcessRunner.TryRunAsync("dotnet", [dll, "notify", "test"], environment: environment);
        Assert.NotEqual(0, notify.ExitCode); // Alertmanager is unreachable: the error path ran
        outputs["notify test"] = notify.StandardOutput + notify.StandardError;

        var render = Path.Combine(_root, "render");
        var rendered = await ProcessRunner.TryRunAsync("dotnet", [dll, "config", "render", "--out", render], environment: environment);
        outputs["config render"] = rendered.StandardOutput + rendered.StandardError;

        foreach (var file in Directory.EnumerateFiles(Path.Combine(_root, "data"), "*", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(Path.Combine(_root, "logs"), "*", SearchOption.AllDirectories)))
        {
            outputs[file] = await File.ReadAllTextAsync(file);
        }

        var leaks = outputs.SelectMany(o => Secrets.Where(s => o.Value.Contains(s, StringComparison.Ordinal)).Select(s => $"{s} in {o.Key}")).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));

        // Rendered files may carry secrets (Alertmanager needs the webhook URLs and SMTP password): those are owner-only.
        var alertmanager = Path.Combine(render, "alerts", "alertmanager.yml");
        Assert.Contains(SlackToken, await File.ReadAllTextAsync(alertmanager), StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(render, "*", SearchOption.AllDirectories))
        {
            if (Secrets.Any(File.ReadAllText(file).Contains))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
    }

    private Dictionary<string, string> Environment(string metricsUrl, string statusUrl)
    {
        var closed = FreePort.Next();
        return new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = engine.DockerHost,
            ["HEALTH_CHECK_INTERVAL"] = "1",
            ["DISCOVERY_INTERVAL"] = "2",
            ["MASTER_DB_URL"] = $"postgresql://monitor:{MasterDbPassword}@127.0.0.1:{closed}/master",
            ["SUPAWATCH_DB_PASSWORD"] = TenantDbPassword,
            ["ALERTMANAGER_URL"] = $"http://127.0.0.1:{closed}",
            ["SLACK_WEBHOOK_URL"] = $"http://127.0.0.1:{closed}/services/T0/B0/{SlackToken}",
            ["WEBHOOK_URL"] = $"http://127.0.0.1:{closed}/hook?token={WebhookToken}",
            ["ADMIN_EMAIL"] = "ops@example.com",
            ["SMTP_HOST"] = $"127.0.0.1:{closed}",
            ["SMTP_USER"] = "alerts@example.com",
            ["SMTP_PASS"] = SmtpPassword,
            ["SUPAWATCH_AUTH_TOKEN"] = AuthToken,
            ["SUPAWATCH_API_CHECKS"] = "auth,storage",
            ["SUPAWATCH_DATA_DIR"] = Path.Combine(_root, "data"),
            ["SUPAWATCH_LOG_DIR"] = Path.Combine(_root, "logs"),
            ["SUPAWATCH_METRICS_LISTEN"] = metricsUrl["http://".Length..],
            ["SUPAWATCH_STATUS_LISTEN"] = statusUrl["http://".Length..],
        };
    }

    private static async Task<string> GetAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AuthToken);
        using var response = await Http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    internal static string SupawatchDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        var dll = Path.Combine(StatusApi.RepositoryRoot(), "src", "Supawatch", "bin", configuration, "net10.0", "supawatch.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; build the solution first");
        return dll;
    }
}
