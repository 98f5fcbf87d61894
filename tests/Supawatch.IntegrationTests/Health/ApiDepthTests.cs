using System.Text.Json;
using Supawatch.Alerting;
using Supawatch.MasterDb;
using Supawatch.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Health;

/// <summary>
/// The API checks through Kong (<c>SUPAWATCH_API_CHECKS</c>) against real Docker Engine tenant containers. Each tenant's
/// Kong is a small HTTP server in busybox (nc running a shell script) that answers Supabase's routes as Kong does: the
/// keyed ones only with the anon key it holds in its environment, <c>/storage/v1/status</c> without one, 404 elsewhere.
/// Supawatch reads the key from the container's environment. A real Prometheus evaluates the rendered rules (every
/// <c>for</c> 5 s) on Supawatch's /metrics and a real Alertmanager delivers to a webhook sink. A second test reads the
/// keys from a real PostgreSQL master DB's <c>anon_key</c> column instead (<c>SUPAWATCH_API_KEY_SOURCE</c>), beside an auth container
/// whose own port (9999) gets the default HTTP check of a service container (<c>/health</c>).
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class ApiDepthTests(DockerEngineFixture engine, PrometheusFixture prometheus, AlertmanagerFixture alertmanager, PostgresFixture masterDb, ITestOutputHelper output)
    : IClassFixture<PrometheusFixture>, IClassFixture<AlertmanagerFixture>, IClassFixture<PostgresFixture>
{
    private const string Healthy = "apid_app_1";
    private const string BrokenAuth = "apid_app_2";
    private const string WrongKey = "apid_app_3";
    private const string Key = "eyJhbGciOiJIUzI1NiJ9.anon-key-of-the-test.c2lnbmF0dXJl";
    private const string OldKey = "eyJhbGciOiJIUzI1NiJ9.rotated-away-key.b2xkc2lnbmF0dXJl";
    private static readonly TimeSpan For = TimeSpan.FromSeconds(5);

    // Kong's stand-in: reads the request line and headers, answers like Supabase's Kong routes.
    private const string KongScript = """
        #!/bin/sh
        read -r method path proto
        key=""
        # Shell only, no process per line: a loaded machine must not make the stand-in slower than the probe's timeout.
        while IFS= read -r line; do
          line="${line%?}"
          [ -z "$line" ] && break
          case "$line" in
            [Aa][Pp][Ii][Kk][Ee][Yy]:*) key="${line#*: }" ;;
          esac
        done
        expected="${KONG_EXPECTS:-$SUPABASE_ANON_KEY}"
        respond() {
          printf 'HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' "$1" "${#2}" "$2"
        }
        case "$path" in
          /storage/v1/status) respond "200 OK" '{"status":"ok"}' ;;
          /auth/v1/*|/rest/v1/*)
            if [ "$key" != "$expected" ]; then
              respond "401 Unauthorized" '{"message":"Invalid authentication credentials"}'
            elif [ "$path" = /auth/v1/health ]; then
              respond "${AUTH_STATUS:-200 OK}" '{"name":"GoTrue"}'
            else
              respond "200 OK" '{}'
            fi ;;
          *) respond "404 Not Found" '{"message":"no Route matched with those values"}' ;;
        esac
        """;

    [Fact]
    public async Task BrokenAuthBehindHealthyKong_DegradesTheTenant_PagesOnce_WrongKeyReported_KeyNeverShown()
    {
        var script = Path.Combine(Directory.CreateDirectory(Path.Combine(engine.Root, "kong-standin")).FullName, "kong.sh");
        await File.WriteAllTextAsync(script, KongScript.Replace("\r", "", StringComparison.Ordinal));
        await using var sink = new HttpSink();
        string[] names = [$"{Healthy}_kong", $"{BrokenAuth}_kong", $"{WrongKey}_kong"];
        string? logDir = null;
        try
        {
            await RunKongAsync(names[0], ["SUPABASE_ANON_KEY=" + Key]);
            await RunKongAsync(names[1], ["SUPABASE_ANON_KEY=" + Key, "AUTH_STATUS=503 Service Unavailable"]);
            // The key Supawatch finds is an old one; this Kong expects another.
            await RunKongAsync(names[2], ["SUPABASE_ANON_KEY=" + OldKey, "KONG_EXPECTS=" + Key]);

            logDir = TempDirectory.Create("supawatch-apilog-");
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                // Four checks a round reach each stand-in, one connection at a time: a 4 s timeout leaves room on a loaded machine.
                ["HEALTH_CHECK_INTERVAL"] = "5",
                ["SUPAWATCH_HEALTH_TIMEOUT"] = "4s",
                ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
                ["SUPAWATCH_API_CHECKS"] = "auth,rest,storage",
                ["SUPAWATCH_LOG_DIR"] = logDir,
            });
            await StartAlertingAsync(server, sink);

            await Wait.UntilAsync(async () =>
                    await StatusApi.GetAsync(server.StatusUrl) is var doc
                    && StatusApi.StatusOf(doc, Healthy) == "up"
                    && StatusApi.StatusOf(doc, BrokenAuth) == "degraded"
                    && StatusApi.StatusOf(doc, WrongKey) == "degraded",
                TimeSpan.FromSeconds(60), "the healthy tenant up, the broken-auth and wrong-key tenants degraded");

            var document = await StatusApi.GetAsync(server.StatusUrl);
            var broken = StatusApi.Instance(document, BrokenAuth)!.Value;
            Assert.Equal("auth: HTTP 503 at /auth/v1/health through Kong", broken.GetProperty("cause").GetString());
            Assert.Contains("auth", broken.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("component").GetString()));
            var wrong = StatusApi.Instance(document, WrongKey)!.Value.GetProperty("cause").GetString()!;
            Assert.Contains("auth: HTTP 401 (anon key rejected: the key in SUPABASE_ANON_KEY is not the one Kong expects) at /auth/v1/health through Kong", wrong, StringComparison.Ordinal);
            Assert.Contains("rest: HTTP 401 (anon key rejected", wrong, StringComparison.Ordinal);
            Assert.DoesNotContain("storage", wrong, StringComparison.Ordinal);

            var metrics = await server.MetricsWhenAsync(m => m.Contains($"instance_id=\"{BrokenAuth}\",component=\"auth\",check=\"api\"", StringComparison.Ordinal), "API check series");
            Assert.Contains($"supabase_health_check_up{{instance_id=\"{BrokenAuth}\",component=\"auth\",check=\"api\",host=\"default\"}} 0", metrics, StringComparison.Ordinal);
            Assert.Contains($"supabase_health_check_up{{instance_id=\"{BrokenAuth}\",component=\"rest\",check=\"api\",host=\"default\"}} 1", metrics, StringComparison.Ordinal);
            Assert.Contains($"supabase_health_check_up{{instance_id=\"{Healthy}\",component=\"auth\",check=\"api\",host=\"default\"}} 1", metrics, StringComparison.Ordinal);
            Assert.Contains($"supabase_health_check_up{{instance_id=\"{WrongKey}\",component=\"storage\",check=\"api\",host=\"default\"}} 1", metrics, StringComparison.Ordinal);

            // The broken auth pages once, as SupabaseApiServiceDown naming the service; nothing else of these tenants pages.
            await Wait.UntilAsync(() => Task.FromResult(Notifications(sink).Any(n => n.Is(AlertNames.ApiServiceDown) && n.Has(BrokenAuth, "auth"))),
                TimeSpan.FromSeconds(60), "SupabaseApiServiceDown for the broken auth");
            // group_wait 1 s, group_interval 2 s: long enough for a second page of the same group to have gone out.
            await Task.Delay(TimeSpan.FromSeconds(6));
            var sent = Notifications(sink);
            output.WriteLine(string.Join("\n", sent.Select(n => n.ToString())));
            Assert.Single(sent, n => n.Is(AlertNames.ApiServiceDown) && n.Has(BrokenAuth, "auth"));
            Assert.DoesNotContain(sent, n => n.Has(Healthy, null));
            Assert.DoesNotContain(sent, n => (n.Has(BrokenAuth, null) || n.Has(WrongKey, null)) && !n.Is(AlertNames.ApiServiceDown));
            var description = sent.First(n => n.Is(AlertNames.ApiServiceDown) && n.Has(BrokenAuth, "auth")).Alerts
                .First(a => a.GetProperty("labels").GetProperty("instance_id").GetString() == BrokenAuth)
                .GetProperty("annotations").GetProperty("description").GetString();
            Assert.Contains("the auth service has failed its check through Kong", description, StringComparison.Ordinal);

            // The key is never shown: not on the page, in status.json, the API, /metrics, the log, nor in a notification.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            string[] shown =
            [
                await http.GetStringAsync(server.StatusUrl + "/status"),
                await http.GetStringAsync(server.StatusUrl + "/status/api/status.json"),
                await http.GetStringAsync(server.MetricsUrl + "/api/v1/instances"),
                await http.GetStringAsync(server.MetricsUrl + "/metrics"),
                await File.ReadAllTextAsync(Path.Combine(server.DataDir, "status.json")),
                string.Join("\n", sink.Bodies),
                .. Directory.GetFiles(logDir!).Select(File.ReadAllText),
            ];
            Assert.All(shown, text =>
            {
                Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
                Assert.DoesNotContain(OldKey, text, StringComparison.Ordinal);
                Assert.DoesNotContain("anon-key-of-the-test", text, StringComparison.Ordinal);
            });
        }
        finally
        {
            foreach (var name in names)
            {
                await engine.RemoveAsync(name);
            }

            if (logDir is not null)
            {
                await TempDirectory.DeleteAsync(logDir);
            }
        }
    }

    [Fact]
    public async Task KeyFromTheMasterDb_RightKeyServes_WrongKeyReportedAsRejectedInBothLanguages_KeyNeverShown()
    {
        const string Served = "apidm_app_1";
        const string Stale = "apidm_app_2";
        var script = Path.Combine(Directory.CreateDirectory(Path.Combine(engine.Root, "kong-standin")).FullName, "kong.sh");
        await File.WriteAllTextAsync(script, KongScript.Replace("\r", "", StringComparison.Ordinal));
        await masterDb.ExecuteAsync(MasterDbQuery.Schema + "ALTER TABLE projects ADD COLUMN IF NOT EXISTS anon_key text;");
        await masterDb.ExecuteAsync($"""
            INSERT INTO organizations VALUES ('org-keys', 'Keys Org') ON CONFLICT DO NOTHING;
            INSERT INTO projects VALUES ('{Served}', 'org-keys', 'served', 'active', '{Key}'), ('{Stale}', 'org-keys', 'stale', 'active', '{OldKey}')
            ON CONFLICT (instance_id) DO UPDATE SET anon_key = excluded.anon_key;
            """);
        string[] names = [$"{Served}_kong", $"{Stale}_kong", $"{Served}_auth"];
        string? logDir = null;
        try
        {
            // Neither Kong holds a key Supawatch reads (KONG_EXPECTS is not in SUPAWATCH_ANON_KEY_VARS): only the master DB has them.
            await RunKongAsync(names[0], ["KONG_EXPECTS=" + Key]);
            await RunKongAsync(names[1], ["KONG_EXPECTS=" + Key]);
            // GoTrue's own port (9999) published, answering /health as Supabase's compose healthcheck asks: the default HTTP check of a service container.
            var www = Directory.CreateDirectory(Path.Combine(engine.Root, "auth-standin")).FullName;
            await File.WriteAllTextAsync(Path.Combine(www, "health"), "{\"name\":\"GoTrue\"}");
            await engine.RunAsync(names[2], ["-v", $"{www}:/www:ro", "-p", $"127.0.0.1:{FreePort.Next()}:9999", BusyboxImage.Reference, "httpd", "-f", "-p", "9999", "-h", "/www"]);

            logDir = TempDirectory.Create("supawatch-apikeylog-");
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["MASTER_DB_URL"] = masterDb.Url,
                ["MASTER_DB_QUERY"] = "SELECT p.instance_id, o.id AS org_id, o.name AS org_name, p.name AS project_name, p.status AS expected_state, p.anon_key"
                    + " FROM projects p LEFT JOIN organizations o ON o.id = p.organization_id",
                ["HEALTH_CHECK_INTERVAL"] = "5",
                ["SUPAWATCH_HEALTH_TIMEOUT"] = "4s",
                ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
                ["SUPAWATCH_API_CHECKS"] = "auth,rest",
                // The default source order, env then masterdb: the environment has no key, so the master DB's is used.
                ["SUPAWATCH_LOG_DIR"] = logDir,
            });

            await Wait.UntilAsync(async () =>
                    await StatusApi.GetAsync(server.StatusUrl) is var doc
                    && StatusApi.StatusOf(doc, Served) == "up"
                    && StatusApi.StatusOf(doc, Stale) == "degraded",
                TimeSpan.FromSeconds(60), "the tenant with the right key in the master DB up, the one with a stale key degraded");

            var cause = StatusApi.Instance(await StatusApi.GetAsync(server.StatusUrl), Stale)!.Value.GetProperty("cause").GetString()!;
            Assert.Contains("auth: HTTP 401 (anon key rejected: the key in the master DB's anon_key column is not the one Kong expects) at /auth/v1/health through Kong", cause, StringComparison.Ordinal);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var english = await http.GetStringAsync(server.StatusUrl + "/status/org/org-keys?lang=en");
            Assert.Contains("HTTP 401 (anon key rejected: the key in the master DB", english, StringComparison.Ordinal);
            var portuguese = await http.GetStringAsync(server.StatusUrl + "/status/org/org-keys?lang=pt-BR");
            Assert.Contains("HTTP 401 (chave anon rejeitada: a chave na coluna anon_key do banco mestre não é a que o Kong espera) em /auth/v1/health através do Kong", portuguese, StringComparison.Ordinal);
            var metrics = await server.MetricsWhenAsync(m => m.Contains($"instance_id=\"{Served}\",component=\"auth\",check=\"http\"", StringComparison.Ordinal), "the auth container's HTTP check");
            Assert.Contains($"supabase_health_check_up{{instance_id=\"{Served}\",component=\"auth\",check=\"http\",host=\"default\"}} 1", metrics, StringComparison.Ordinal);
            Assert.Contains($"supabase_health_check_up{{instance_id=\"{Served}\",component=\"auth\",check=\"api\",host=\"default\"}} 1", metrics, StringComparison.Ordinal);

            string[] shown =
            [
                portuguese,
                english,
                await http.GetStringAsync(server.StatusUrl + "/status/api/status.json"),
                await http.GetStringAsync(server.MetricsUrl + "/api/v1/instances"),
                await http.GetStringAsync(server.MetricsUrl + "/metrics"),
                .. Directory.GetFiles(logDir!).Select(File.ReadAllText),
            ];
            Assert.All(shown, text =>
            {
                Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
                Assert.DoesNotContain(OldKey, text, StringComparison.Ordinal);
            });
        }
        finally
        {
            foreach (var name in names)
            {
                await engine.RemoveAsync(name);
            }

            if (logDir is not null)
            {
                await TempDirectory.DeleteAsync(logDir);
            }
        }
    }

    private async Task RunKongAsync(string name, string[] environment)
    {
        var port = FreePort.Next();
        await engine.RunAsync(name, [
            .. environment.SelectMany(e => new[] { "-e", e }), "-v", $"{Path.GetDirectoryName(Path.Combine(engine.Root, "kong-standin", "kong.sh"))}:/srv:ro",
            "-p", $"127.0.0.1:{port}:8000", BusyboxImage.Reference, "nc", "-ll", "-p", "8000", "-e", "sh", "/srv/kong.sh",
        ]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/storage/v1/status");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), $"{name} to answer");
    }

    private async Task StartAlertingAsync(SupawatchServer server, HttpSink sink)
    {
        await AlertingPipeline.StartAsync(prometheus, alertmanager, new Dictionary<string, string>
        {
            ["WEBHOOK_URL"] = sink.UrlFor("webhook"),
            ["SUPAWATCH_ALERT_GROUP_WAIT"] = "1",
            ["SUPAWATCH_ALERT_GROUP_INTERVAL"] = "2",
            ["SUPAWATCH_ALERT_REPEAT_INTERVAL"] = "1h",
        }, For, AlertingPipeline.TargetOf(server));
    }

    private static List<Notification> Notifications(HttpSink sink) =>
        [.. sink.Bodies.Where(b => b.StartsWith("/webhook ", StringComparison.Ordinal)).Select(b => new Notification(JsonDocument.Parse(b["/webhook ".Length..]).RootElement.Clone()))];

    /// <summary>One webhook notification: Alertmanager's payload for one group (firing only are kept by <see cref="Is"/>).</summary>
    private sealed record Notification(JsonElement Payload)
    {
        public IReadOnlyList<JsonElement> Alerts => [.. Payload.GetProperty("alerts").EnumerateArray()];

        public bool Is(string alertName) =>
            Payload.GetProperty("status").GetString() == "firing" && Payload.GetProperty("groupLabels").TryGetProperty("alertname", out var name) && name.GetString() == alertName;

        /// <summary>Holds an alert of <paramref name="instanceId"/> (and of <paramref name="component"/> when given).</summary>
        public bool Has(string instanceId, string? component) => Alerts.Any(a =>
            a.GetProperty("labels") is var labels
            && labels.TryGetProperty("instance_id", out var id) && id.GetString() == instanceId
            && (component is null || (labels.TryGetProperty("component", out var c) && c.GetString() == component)));

        public override string ToString() => Payload.GetRawText();
    }
}
