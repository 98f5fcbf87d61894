using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.Validation;

namespace Supawatch.Tests.Configuration;

public sealed class SupawatchConfigurationTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"supawatch-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Build_FlagOverridesEnvironmentWhichOverridesFile()
    {
        File.WriteAllText(_file, """{ "Discovery": { "DockerHost": "unix:///file.sock", "Interval": "00:00:10", "TargetHost": "from-file" } }""");
        var environment = new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///env.sock", ["DISCOVERY_INTERVAL"] = "45" };
        var flags = new[] { new KeyValuePair<string, string?>("Discovery:DockerHost", "unix:///flag.sock") };

        var options = DiscoveryOptions.From(SupawatchConfiguration.Build(_file, environment, flags));

        Assert.Equal("unix:///flag.sock", options.DockerHost);
        Assert.Equal(TimeSpan.FromSeconds(45), options.Interval);
        Assert.Equal("from-file", options.TargetHost);
    }

    [Fact]
    public void Build_NothingSet_UsesContractDefaults()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>());
        var options = DiscoveryOptions.From(configuration);

        Assert.Equal("unix:///var/run/docker.sock", options.DockerHost);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Interval);
        Assert.Empty(ConfigurationValidator.Validate(configuration));
    }

    [Fact]
    public void Validate_ReportsEveryErrorAtOnce_NamingTheVariable_WithoutSecrets()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = "ftp://nope",
            ["MASTER_DB_URL"] = "mysql://root:topsecret@db/x",
            ["DISCOVERY_INTERVAL"] = "often",
            ["PROMETHEUS_URL"] = "localhost:9090",
            ["SUPAWATCH_METRICS_LISTEN"] = "everywhere",
        };

        var errors = ConfigurationValidator.Validate(SupawatchConfiguration.Build(null, environment));

        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("DOCKER_HOST", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MASTER_DB_URL", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("DISCOVERY_INTERVAL", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PROMETHEUS_URL", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SUPAWATCH_METRICS_LISTEN", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("topsecret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Metrics:StatsConcurrency", "0")]
    [InlineData("Metrics:StatsConcurrency", "many")]
    [InlineData("Metrics:StatsCallsPerSecond", "-1")]
    [InlineData("Metrics:StatsCallsPerSecond", "2.5")]
    public void Validate_StatsNumberNotWhole_NamesTheKey(string key, string value)
    {
        var errors = ConfigurationValidator.Validate(
            SupawatchConfiguration.Build(null, new Dictionary<string, string>(), [new KeyValuePair<string, string?>(key, value)]));

        Assert.Contains(errors, e => e.StartsWith($"{key}: '{value}' is not a whole number", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("8100", null)]
    [InlineData("8001", null)]
    [InlineData("8000", "SUPAWATCH_KONG_METRICS_PORT: 8000 is Kong's proxy port, which serves no /metrics")]
    [InlineData("8443", "SUPAWATCH_KONG_METRICS_PORT: 8443 is Kong's proxy port")]
    [InlineData("status", "SUPAWATCH_KONG_METRICS_PORT: 'status' is not a port number")]
    [InlineData("70000", "SUPAWATCH_KONG_METRICS_PORT: '70000' is not a port number")]
    public void Validate_KongMetricsPort_APortOtherThanTheProxy(string value, string? error)
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string> { ["SUPAWATCH_KONG_METRICS_PORT"] = value });

        var errors = ConfigurationValidator.Validate(configuration);

        if (error is null)
        {
            Assert.Empty(errors);
            Assert.Equal(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), DiscoveryOptions.From(configuration).KongMetricsPort);
        }
        else
        {
            Assert.StartsWith(error, Assert.Single(errors), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_StatsUnpaced_IsAccepted()
    {
        File.WriteAllText(_file, """{ "Metrics": { "StatsCallsPerSecond": 0, "StatsConcurrency": 16 } }""");

        Assert.Empty(ConfigurationValidator.Validate(SupawatchConfiguration.Build(_file, new Dictionary<string, string>())));
    }

    [Theory]
    [InlineData("0.0.0.0:9200", "0.0.0.0", 9200)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData(":8080", "0.0.0.0", 8080)]
    [InlineData("[::1]:9200", "::1", 9200)]
    public void TryParseListen_AcceptsAddressPort(string text, string host, int port)
    {
        Assert.True(ConfigurationValidator.TryParseListen(text, out var h, out var p));
        Assert.Equal((host, port), (h, p));
    }
}
