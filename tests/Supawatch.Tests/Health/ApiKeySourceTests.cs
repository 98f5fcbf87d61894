using System.Net.Sockets;
using Supawatch.Configuration;
using Supawatch.Health;
using Supawatch.Instances;
using Supawatch.MasterDb;
using Supawatch.Validation;

namespace Supawatch.Tests.Health;

/// <summary>
/// Where the API checks find a tenant's anon key (<c>SUPAWATCH_API_KEY_SOURCE</c>): its containers' environment, the
/// master DB's <c>anon_key</c> column, in the configured order; what a missing key is reported as; the setting's errors.
/// </summary>
public sealed class ApiKeySourceTests
{
    private const string EnvKey = "eyJhbGciOiJIUzI1NiJ9.from-the-kong-env.c2ln";
    private const string MasterKey = "eyJhbGciOiJIUzI1NiJ9.from-the-master-db.c2ln";

    [Theory]
    [InlineData("env,masterdb", EnvKey)]
    [InlineData("masterdb,env", MasterKey)]
    [InlineData("env", EnvKey)]
    [InlineData("MasterDB", MasterKey)]
    public void Plan_BothSourcesHaveAKey_TheFirstConfiguredWins(string sources, string expected)
    {
        var checks = Plan(sources, withEnvKey: true, withMasterKey: true);

        Assert.All(checks, c => Assert.Equal(expected, c.Key?.Value));
    }

    [Theory]
    [InlineData("env,masterdb", true, false, EnvKey)]
    [InlineData("env,masterdb", false, true, MasterKey)]
    [InlineData("masterdb,env", true, false, EnvKey)]
    [InlineData("env", false, true, null)]
    [InlineData("masterdb", true, false, null)]
    [InlineData("env,masterdb", false, false, null)]
    public void Plan_OneSourceHasAKey_UsedOnlyWhenConfigured(string sources, bool withEnvKey, bool withMasterKey, string? expected)
    {
        var checks = Plan(sources, withEnvKey, withMasterKey);

        Assert.Equal(2, checks.Count);
        Assert.All(checks, c => Assert.Equal(expected, c.Key?.Value));
    }

    [Fact]
    public void MasterDbKey_NamesItsSource_AndIsHiddenWhenPrinted()
    {
        var metadata = new InstanceMetadata("i1", "o1", "Org", "Project", "active") { AnonKey = new AnonKey(MasterKey, MasterDbQuery.AnonKeySource) };

        Assert.DoesNotContain(MasterKey, metadata.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(MasterKey, (Fleet.Instance("i1") with { Metadata = metadata }).ToString(), StringComparison.Ordinal);
        Assert.Contains("the master DB's anon_key column", metadata.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("env,masterdb", "(no anon key found: set SUPAWATCH_ANON_KEY_VARS to the variable of the Kong container that holds it or return it as anon_key from MASTER_DB_QUERY)")]
    [InlineData("masterdb", "(no anon key found: return it as anon_key from MASTER_DB_QUERY)")]
    [InlineData("env", "(no anon key found: set SUPAWATCH_ANON_KEY_VARS to the variable of the Kong container that holds it)")]
    public async Task Run_NoKeyFound_TheReasonSaysWhatToSetForTheConfiguredSources(string sources, string expected)
    {
        await using var kong = new LoopbackServer(RefuseAsync);
        var options = new HealthOptions { Timeout = TimeSpan.FromSeconds(3), ApiKeySource = sources };
        var runner = new ProbeRunner(new PostgresProbe(), options);

        var result = Assert.Single(await runner.RunAsync(
            [new HealthCheck("i1", "rest", CheckNames.Api, Fleet.Container("i1", "kong"), kong.Address, "/rest/v1/")],
            new Dictionary<string, int>(), CancellationToken.None));

        Assert.Equal($"HTTP 401 {expected} at /rest/v1/ through Kong", result.Reason);
        Assert.DoesNotContain(", ", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("env,vault", "SUPAWATCH_API_KEY_SOURCE: 'vault' is not a key source; write env, masterdb or both")]
    [InlineData(" , ", "SUPAWATCH_API_KEY_SOURCE: is empty; write env, masterdb or both")]
    [InlineData("masterdb", "SUPAWATCH_API_KEY_SOURCE: masterdb alone needs MASTER_DB_URL")]
    public void Validate_BadKeySource_NamesTheVariableAndTheFix(string sources, string expected)
    {
        var errors = ConfigurationValidator.Validate(SupawatchConfiguration.Build(null, new Dictionary<string, string> { ["SUPAWATCH_API_KEY_SOURCE"] = sources }));

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("masterdb", true)]
    [InlineData("env", false)]
    [InlineData("masterdb,env", false)]
    public void Validate_GoodKeySource_NoError(string sources, bool withMasterDb)
    {
        var environment = new Dictionary<string, string> { ["SUPAWATCH_API_KEY_SOURCE"] = sources };
        if (withMasterDb)
        {
            environment["MASTER_DB_URL"] = "postgresql://supawatch@127.0.0.1:5432/master";
        }

        Assert.DoesNotContain(ConfigurationValidator.Validate(SupawatchConfiguration.Build(null, environment)), e => e.Contains("SUPAWATCH_API_KEY_SOURCE", StringComparison.Ordinal));
    }

    private static List<HealthCheck> Plan(string sources, bool withEnvKey, bool withMasterKey)
    {
        var kong = Fleet.Container("i1", "kong", hostPort: 8001, privatePort: 8000) with { AnonKey = withEnvKey ? new AnonKey(EnvKey, "SUPABASE_ANON_KEY") : null };
        var instance = Fleet.Instance("i1", kong) with
        {
            Metadata = new InstanceMetadata("i1", "o1", "Org", "Project", "active") { AnonKey = withMasterKey ? new AnonKey(MasterKey, MasterDbQuery.AnonKeySource) : null },
        };
        var options = new HealthOptions { ApiChecks = "auth,rest", ApiKeySource = sources };

        return [.. new HealthPlanner(options, "127.0.0.1").Plan(Fleet.Snapshot(instance)).Where(c => c.Check == CheckNames.Api)];
    }

    /// <summary>A Kong that refuses every request as a wrong or missing key would be refused.</summary>
    private static async Task RefuseAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        if (await LoopbackServer.ReadRequestAsync(stream, cancellationToken) is null)
        {
            return;
        }

        await stream.WriteAsync("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), cancellationToken);
    }
}
