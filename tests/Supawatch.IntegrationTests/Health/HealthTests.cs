using System.Diagnostics;
using Supawatch.Cli;
using Supawatch.Configuration;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Health;

/// <summary>
/// Health checks against real Docker Engine tenant containers: a real busybox httpd as Kong and Studio and a real
/// PostgreSQL as the <c>_db</c>, reached through ports published on 127.0.0.1.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class HealthTests(DockerEngineFixture engine) : IDisposable
{
    private const int IntervalSeconds = 2;
    private readonly string _logDir = TempDirectory.Create("supawatch-healthlog-");

    [Fact]
    public async Task Serve_KongStopsThenStarts_DownWithinIntervalPlusConfirmation_IncidentOpensAndCloses()
    {
        var kong = await engine.RunHttpdAsync("hk_app_1_kong");
        var studio = await engine.RunHttpdAsync("hk_app_1_studio");
        var db = await engine.RunPostgresDbAsync("hk_app_1_db");
        try
        {
            await using var server = await SupawatchServer.StartAsync(Environment(new()
            {
                ["SUPAWATCH_DB_USER"] = "postgres",
            }));
            await Wait.UntilAsync(async () => StatusApi.StatusOf(await StatusApi.GetAsync(server.StatusUrl), "hk_app_1") == "up",
                TimeSpan.FromSeconds(20), "hk_app_1 up");
            var up = StatusApi.Instance(await StatusApi.GetAsync(server.StatusUrl), "hk_app_1")!.Value;
            Assert.Equal(["db", "kong", "studio"], up.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("component").GetString()));
            const string DbUp = "supabase_health_check_up{instance_id=\"hk_app_1\",component=\"db\",check=\"postgres\",host=\"default\"} 1";
            // The credentialed check reads through the tenant database collector's connection, once it has one.
            var metrics = await server.MetricsWhenAsync(
                m => m.Contains(DbUp, StringComparison.Ordinal) && m.Contains("supabase_health_db_connections{instance_id=\"hk_app_1\"", StringComparison.Ordinal),
                "health series on /metrics");
            Assert.Matches("supabase_health_db_connections\\{instance_id=\"hk_app_1\",host=\"default\"\\} [1-9]", metrics);
            await AssertPromtoolAcceptsHealthMetricsAsync(metrics);

            await engine.StopAsync(kong.Name, timeoutSeconds: 0);
            var stopped = Stopwatch.StartNew();
            await Wait.UntilAsync(async () => StatusApi.StatusOf(await StatusApi.GetAsync(server.StatusUrl), "hk_app_1") == "down",
                TimeSpan.FromSeconds(20), "hk_app_1 down");
            var tookToDown = stopped.Elapsed;

            // Discovery sees the stop at once (events); then two failing rounds confirm it. Allow one interval
            // of phase, the confirmation rounds, the jitter and event latency.
            var bound = TimeSpan.FromSeconds(IntervalSeconds * 3 * 1.1 + 1.5);
            Assert.True(tookToDown <= bound, $"down after {tookToDown}, bound {bound}");
            var down = await StatusApi.GetAsync(server.StatusUrl);
            var open = Assert.Single(StatusApi.Incidents(down, "open", "hk_app_1"));
            Assert.StartsWith("kong: container exited", open.GetProperty("cause").GetString(), StringComparison.Ordinal);
            Assert.Equal("down", down.GetProperty("overall").GetString());

            await engine.StartAsync(kong.Name);
            await Wait.UntilAsync(async () => StatusApi.StatusOf(await StatusApi.GetAsync(server.StatusUrl), "hk_app_1") == "up",
                TimeSpan.FromSeconds(20), "hk_app_1 up again");
            var recovered = await StatusApi.GetAsync(server.StatusUrl);
            Assert.Empty(StatusApi.Incidents(recovered, "open", "hk_app_1"));
            var closed = Assert.Single(StatusApi.Incidents(recovered, "recent", "hk_app_1"));
            Assert.Equal(open.GetProperty("id").GetInt64(), closed.GetProperty("id").GetInt64());
            Assert.True(closed.GetProperty("duration_seconds").GetDouble() > 0);

            var log = await File.ReadAllLinesAsync(Path.Combine(_logDir, "supabase-health.log"));
            Assert.Contains(log, l => l.Contains("instance=hk_app_1 up -> down cause=\"kong: container exited", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("instance=hk_app_1 down -> up", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(server.DataDir, "status.json")));
        }
        finally
        {
            foreach (var name in new[] { kong.Name, studio.Name, db.Name })
            {
                await engine.RemoveAsync(name);
            }
        }
    }

    [Fact]
    public async Task Serve_DbAcceptsTcpButSaysNothing_InstanceDownAndOthersUnaffected()
    {
        // A "_db" that is really a netcat listener: TCP connects, no PostgreSQL answer ever comes. -ll keeps it
        // listening for every round's connection; a one-shot nc left the port refusing after the first probe.
        var port = FreePort.Next();
        await engine.RunAsync("mute_app_1_db", "-p", $"127.0.0.1:{port}:5432", BusyboxImage.Reference, "nc", "-ll", "-p", "5432", "-e", "sleep", "3600");
        var kong = await engine.RunHttpdAsync("mute_app_1_kong");
        var fine = await engine.RunHttpdAsync("fine_app_2_kong");
        try
        {
            // Tenants here are partial on purpose: only Kong (and the mute db) are expected.
            await using var server = await SupawatchServer.StartAsync(Environment(new() { ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong" }));
            await Wait.UntilAsync(async () =>
                    (await StatusApi.GetAsync(server.StatusUrl)) is var doc
                    && StatusApi.StatusOf(doc, "mute_app_1") == "down" && StatusApi.StatusOf(doc, "fine_app_2") == "up",
                TimeSpan.FromSeconds(20), "the mute db down and the other tenant up");

            var document = await StatusApi.GetAsync(server.StatusUrl);
            var cause = StatusApi.Instance(document, "mute_app_1")!.Value.GetProperty("cause").GetString();
            Assert.True(cause!.Contains("db: no answer within", StringComparison.Ordinal), cause);
            Assert.True(document.GetProperty("round").GetInt64() >= 1);
        }
        finally
        {
            foreach (var name in new[] { "mute_app_1_db", kong.Name, fine.Name })
            {
                await engine.RemoveAsync(name);
            }
        }
    }

    [Fact]
    public async Task HealthCommand_KongStopped_PrintsTableWritesStatusJsonAndExitsOne()
    {
        var kong = await engine.RunHttpdAsync("cli_app_1_kong");
        var dataDir = TempDirectory.Create("supawatch-cli-");
        try
        {
            var configuration = SupawatchConfiguration.Build(null, Environment(new() { ["SUPAWATCH_DATA_DIR"] = dataDir, ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong" }));
            using var output = new StringWriter();
            using var errors = new StringWriter();

            var healthy = await HealthCommand.RunAsync(configuration, output, errors, CancellationToken.None);
            var first = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(dataDir, "status.json"))).RootElement;
            await engine.StopAsync(kong.Name, timeoutSeconds: 0);
            var down = await HealthCommand.RunAsync(configuration, output, errors, CancellationToken.None);

            // The shared engine may hold another test's leftover tenant: exit 1 means "something is down", whoever it is.
            Assert.Equal("up", StatusApi.StatusOf(first, "cli_app_1"));
            Assert.True(healthy == (OthersDown(first) ? ExitCodes.Failed : ExitCodes.Ok), output + errors.ToString());
            Assert.Equal(ExitCodes.Failed, down);
            var text = output.ToString();
            Assert.Contains("INSTANCE", text, StringComparison.Ordinal);
            Assert.Matches("cli_app_1 +-+ +-+ +down", text);
            Assert.Contains("status.json", text, StringComparison.Ordinal);
            var status = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(dataDir, "status.json"))).RootElement;
            Assert.Equal("down", StatusApi.StatusOf(status, "cli_app_1"));
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(_logDir, recursive: true);

    private static bool OthersDown(System.Text.Json.JsonElement document) =>
        StatusApi.Instances(document).Any(i => i.GetProperty("status").GetString() == "down" && i.GetProperty("instance_id").GetString() != "cli_app_1");

    /// <summary>promtool's lint may flag other concepts' names (the contract's two _total gauges), never health's.</summary>
    private async Task AssertPromtoolAcceptsHealthMetricsAsync(string metrics)
    {
        var promtool = RequiredTool.Find("promtool", "prometheus");
        var file = Path.Combine(_logDir, "metrics.txt");
        await File.WriteAllTextAsync(file, metrics);
        var result = await ProcessRunner.TryRunAsync("/bin/sh", ["-c", $"\"{promtool}\" check metrics < \"{file}\""], TimeSpan.FromSeconds(30));
        var findings = (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(findings, line => line.Contains("_health", StringComparison.Ordinal));
        Assert.Contains("supabase_health_check_duration_seconds", metrics, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment(Dictionary<string, string> extra)
    {
        var variables = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = engine.DockerHost,
            ["HEALTH_CHECK_INTERVAL"] = IntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SUPAWATCH_LOG_DIR"] = _logDir,
        };
        foreach (var (key, value) in extra)
        {
            variables[key] = value;
        }

        return variables;
    }
}
