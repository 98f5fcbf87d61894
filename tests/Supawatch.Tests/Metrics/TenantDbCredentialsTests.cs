using System.Text.Json;
using Supawatch.Docker;
using Supawatch.Metrics;

namespace Supawatch.Tests.Metrics;

public sealed class TenantDbCredentialsTests
{
    private static ContainerEnvironmentAnswer Env(params string[] env) =>
        new() { Config = new ContainerEnvironmentConfig { Env = [.. env] } };

    [Fact]
    public void Resolve_ContainerEnvironment_TakesItsUserPasswordDatabase()
    {
        var credentials = TenantDbCredentials.Resolve(new TenantDbOptions(), Env("PATH=/bin", "POSTGRES_USER=tenant", "POSTGRES_PASSWORD=s3cr=t", "POSTGRES_DB=app"));

        Assert.NotNull(credentials);
        Assert.Equal(("tenant", "s3cr=t", "app"), (credentials.User, credentials.Password, credentials.Database));
    }

    [Fact]
    public void Resolve_OnlyPassword_DefaultsLikeThePostgresImage()
    {
        var credentials = TenantDbCredentials.Resolve(new TenantDbOptions(), Env("POSTGRES_PASSWORD=pw"));

        Assert.Equal(("postgres", "pw", "postgres"), (credentials!.User, credentials.Password, credentials.Database));
        var named = TenantDbCredentials.Resolve(new TenantDbOptions(), Env("POSTGRES_USER=alice"));
        Assert.Equal("alice", named!.Database);
    }

    [Fact]
    public void Resolve_GlobalVariables_OverrideTheContainer()
    {
        var options = new TenantDbOptions { User = "monitor", Password = "global-pw", Database = "postgres" };
        var credentials = TenantDbCredentials.Resolve(options, Env("POSTGRES_USER=tenant", "POSTGRES_PASSWORD=own", "POSTGRES_DB=app"));

        Assert.Equal(("monitor", "global-pw", "postgres"), (credentials!.User, credentials.Password, credentials.Database));
    }

    [Fact]
    public void Resolve_NoContainerAndNoUser_None()
    {
        Assert.Null(TenantDbCredentials.Resolve(new TenantDbOptions { FromContainer = false }, null));
        Assert.False(new TenantDbOptions { FromContainer = false }.IsEnabled);
        Assert.True(new TenantDbOptions().IsEnabled);
    }

    [Fact]
    public void ToString_NeverShowsThePassword()
    {
        var credentials = TenantDbCredentials.Resolve(new TenantDbOptions(), Env("POSTGRES_PASSWORD=hunter2-secret"))!;
        var answer = Env("POSTGRES_PASSWORD=hunter2-secret");

        Assert.DoesNotContain("hunter2", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", answer.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", answer.Config!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EnvironmentAnswer_ReadsConfigEnvOfAnInspectAnswer()
    {
        const string inspect = """{"Id":"abc","Config":{"Hostname":"x","Env":["POSTGRES_PASSWORD=pw","POSTGRES_USER=u"],"Labels":{}},"State":{"Running":true}}""";
        var answer = JsonSerializer.Deserialize(inspect, ContainerEnvironmentJson.Default.ContainerEnvironmentAnswer);

        Assert.Equal("pw", answer!.Get("POSTGRES_PASSWORD"));
        Assert.Null(answer.Get("POSTGRES"));
    }
}
