using System.Net.Sockets;
using System.Text;
using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.Health;
using Supawatch.Instances;
using Supawatch.Validation;

namespace Supawatch.Tests.Health;

/// <summary>The API checks through Kong (<c>SUPAWATCH_API_CHECKS</c>) and the service-port HTTP checks: plan, probe, roll-up, key handling.</summary>
public sealed class ApiCheckTests
{
    private const string Key = "eyJhbGciOiJIUzI1NiJ9.unit-test-anon.c2ln";

    [Fact]
    public void Plan_ApiChecksOn_OneCheckPerServiceThroughKongCarryingTheKongContainersKey()
    {
        var kong = Fleet.Container("i1", "kong", hostPort: 8001, privatePort: 8000) with { AnonKey = new AnonKey(Key, "SUPABASE_ANON_KEY") };
        var studio = Fleet.Container("i1", "studio", hostPort: 3001, privatePort: 3000) with { AnonKey = new AnonKey("studio-key", "ANON_KEY") };
        var options = new HealthOptions { ApiChecks = "auth, storage, custom=/functions/v1/hello" };

        var checks = new HealthPlanner(options, "127.0.0.1").Plan(Fleet.Snapshot(Fleet.Instance("i1", kong, studio)));

        var api = checks.Where(c => c.Check == CheckNames.Api).ToList();
        Assert.Equal(["auth", "storage", "custom"], api.Select(c => c.Component));
        Assert.Equal(["/auth/v1/health", "/storage/v1/status", "/functions/v1/hello"], api.Select(c => c.Path));
        Assert.All(api, c => Assert.Equal("127.0.0.1:8001", c.Address));
        Assert.All(api, c => Assert.Equal(Key, c.Key?.Value));
    }

    [Fact]
    public void Plan_Default_NoApiChecks_AndNoneWithoutKong()
    {
        var kong = Fleet.Container("i1", "kong", hostPort: 8001, privatePort: 8000);
        var studio = Fleet.Container("i2", "studio", hostPort: 3001, privatePort: 3000);

        Assert.DoesNotContain(new HealthPlanner(new HealthOptions(), "127.0.0.1").Plan(Fleet.Snapshot(Fleet.Instance("i1", kong))), c => c.Check == CheckNames.Api);
        Assert.DoesNotContain(new HealthPlanner(new HealthOptions { ApiChecks = "auth" }, "127.0.0.1").Plan(Fleet.Snapshot(Fleet.Instance("i2", studio))), c => c.Check == CheckNames.Api);
    }

    [Fact]
    public void Plan_ServiceContainers_HttpCheckOnTheirOwnPortOnly()
    {
        var auth = Fleet.Container("i1", "auth", hostPort: 19999, privatePort: 9999);
        var storage = Fleet.Container("i1", "storage", hostPort: 15000, privatePort: 5000);
        // The pooler publishes only its PostgreSQL port: no HTTP check at a database port.
        var pooler = Fleet.Container("i1", "pooler", hostPort: 16543, privatePort: 6543);

        var checks = new HealthPlanner(new HealthOptions(), "127.0.0.1").Plan(Fleet.Snapshot(Fleet.Instance("i1", auth, storage, pooler)));

        var http = checks.Where(c => c.Check == CheckNames.Http).ToDictionary(c => c.Component);
        Assert.Equal(("127.0.0.1:19999", "/health"), (http["auth"].Address, http["auth"].Path));
        Assert.Equal(("127.0.0.1:15000", "/status"), (http["storage"].Address, http["storage"].Path));
        Assert.False(http.ContainsKey("pooler"));
        Assert.Equal(3, checks.Count(c => c.Check == CheckNames.Container));
    }

    [Theory]
    [InlineData("degraded", HealthStatus.Degraded)]
    [InlineData("down", HealthStatus.Down)]
    public void Evaluate_AuthFailsThroughKong_StatusPerConfigurationNamingTheService(string failure, HealthStatus expected)
    {
        var rollup = new StatusRollup(new HealthOptions { ApiCheckFailure = failure });
        var instance = Fleet.Instance("i1", Fleet.Container("i1", "kong"), Fleet.Container("i1", "studio"), Fleet.Container("i1", "db"));
        var results = Fleet.AllUp("kong", "studio", "db")
            .Add(Fleet.Result("auth", CheckNames.Api, HealthStatus.Down, "HTTP 503 at /auth/v1/health through Kong"))
            .Add(Fleet.Result("rest", CheckNames.Api, HealthStatus.Up));

        var evaluated = rollup.Evaluate(instance, results);

        Assert.Equal(expected, evaluated.Status);
        Assert.Equal("auth: HTTP 503 at /auth/v1/health through Kong", evaluated.Cause);
    }

    [Fact]
    public async Task Run_KongChecksTheKey_RightKeyUp_WrongKeyAndNoKeyReportedAsSuch()
    {
        await using var kong = new LoopbackServer(AnswerLikeKongAsync);
        var container = Fleet.Container("i1", "kong");
        HealthCheck Check(string service, string path, AnonKey? key) => new("i1", service, CheckNames.Api, container, kong.Address, path, key);
        var options = new HealthOptions { Timeout = TimeSpan.FromSeconds(3) };
        var runner = new ProbeRunner(new PostgresProbe(), options);

        var results = await runner.RunAsync(
            [
                Check("auth", "/auth/v1/health", new AnonKey(Key, "SUPABASE_ANON_KEY")),
                Check("rest", "/rest/v1/", new AnonKey("old-key", "ANON_KEY")),
                Check("rest", "/rest/v1/", null),
                Check("storage", "/storage/v1/status", null),
                Check("realtime", "/realtime/v1/nothing", new AnonKey(Key, "SUPABASE_ANON_KEY")),
            ],
            new Dictionary<string, int>(), CancellationToken.None);

        Assert.Equal(HealthStatus.Up, results[0].Status);
        Assert.Equal("HTTP 401 (anon key rejected: the key in ANON_KEY is not the one Kong expects) at /rest/v1/ through Kong", results[1].Reason);
        Assert.StartsWith("HTTP 401 (no anon key found: set SUPAWATCH_ANON_KEY_VARS", results[2].Reason, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Up, results[3].Status);
        Assert.Equal("HTTP 404 (no such route in Kong) at /realtime/v1/nothing through Kong", results[4].Reason);
        Assert.All(results, r => Assert.DoesNotContain(Key, r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void AnonKeyFrom_FirstConfiguredVariableSet_AndHiddenWhenPrinted()
    {
        var key = DockerContainerMapper.AnonKeyFrom(["PATH=/bin", "ANON_KEY=", "SUPABASE_ANON_KEY=" + Key], ["ANON_KEY", "SUPABASE_ANON_KEY"]);

        Assert.Equal((Key, "SUPABASE_ANON_KEY"), (key?.Value, key?.Variable));
        Assert.Null(DockerContainerMapper.AnonKeyFrom(["PATH=/bin"], ["SUPABASE_ANON_KEY"]));
        var container = Fleet.Container("i1", "kong") with { AnonKey = key };
        Assert.DoesNotContain(Key, container.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, new HealthCheck("i1", "auth", CheckNames.Api, container, "127.0.0.1:1", "/", key).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, new Supawatch.Docker.ContainerInspectConfig { Env = ["SUPABASE_ANON_KEY=" + Key] }.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownServiceOrFailureMode_NamesTheVariable()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>
        {
            ["SUPAWATCH_API_CHECKS"] = "auth,graphql,rest=no-slash",
            ["SUPAWATCH_API_CHECK_FAILURE"] = "critical",
        });

        var errors = ConfigurationValidator.Validate(configuration);

        Assert.Contains(errors, e => e.StartsWith("SUPAWATCH_API_CHECKS: 'graphql'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SUPAWATCH_API_CHECKS: 'rest=no-slash'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SUPAWATCH_API_CHECK_FAILURE:", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("'auth'", StringComparison.Ordinal));
    }

    /// <summary>Kong's answers: the keyed routes 401 without the right <c>apikey</c>, storage's status without one, 404 elsewhere.</summary>
    private static async Task AnswerLikeKongAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        if (await LoopbackServer.ReadRequestAsync(stream, cancellationToken) is not { } request)
        {
            return;
        }

        var lines = request.Split("\r\n");
        var path = lines[0].Split(' ')[1];
        var key = lines.FirstOrDefault(l => l.StartsWith("apikey:", StringComparison.OrdinalIgnoreCase))?["apikey:".Length..].Trim();
        var status = path switch
        {
            "/storage/v1/status" => "200 OK",
            _ when path.StartsWith("/auth/v1/", StringComparison.Ordinal) || path.StartsWith("/rest/v1/", StringComparison.Ordinal) =>
                key == Key ? "200 OK" : "401 Unauthorized",
            _ => "404 Not Found",
        };
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), cancellationToken);
    }
}
