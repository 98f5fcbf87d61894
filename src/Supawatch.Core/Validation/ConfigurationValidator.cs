using System.Globalization;
using Microsoft.Extensions.Configuration;
using Supawatch.Common;
using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.Docker;
using Supawatch.Instances;
using Supawatch.MasterDb;

namespace Supawatch.Validation;

/// <summary>
/// Checks the configuration before anything starts and reports every problem at once, each naming the
/// variable to fix. Values of secret variables are never echoed.
/// </summary>
public static class ConfigurationValidator
{
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var errors = new List<string>();

        foreach (var variable in SeedVariables.All.Where(v => v.IsDuration))
        {
            var raw = configuration[variable.ConfigKey];
            if (raw is not null && (!TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero))
            {
                errors.Add($"{variable.Environment}: '{SafeText.Printable(raw)}' is not a positive duration; write seconds (60) or 30s, 5m, 1h");
            }
        }

        DockerHosts.Parse(configuration["Discovery:DockerHosts"], configuration["Discovery:DockerHost"] ?? new DiscoveryOptions().DockerHost, errors);

        if (!Shard.TryParse(configuration["Discovery:Shard"], out _, out var shardError))
        {
            errors.Add($"SUPAWATCH_SHARD {shardError}");
        }

        var kongMetricsPort = configuration["Discovery:KongMetricsPort"];
        var kongPort = 0;
        if (!string.IsNullOrWhiteSpace(kongMetricsPort)
            && (!int.TryParse(kongMetricsPort.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out kongPort) || kongPort is < 1 or > 65535))
        {
            errors.Add($"SUPAWATCH_KONG_METRICS_PORT: '{SafeText.Printable(kongMetricsPort)}' is not a port number; write Kong's Status API port (8100) or Admin API port (8001)");
        }
        else if (kongPort is 8000 or 8443)
        {
            errors.Add($"SUPAWATCH_KONG_METRICS_PORT: {kongPort} is Kong's proxy port, which serves no /metrics; write Kong's Status API port (8100) or Admin API port (8001), where its Prometheus plugin answers");
        }

        var masterDbUrl = configuration["MasterDb:Url"];
        if (!string.IsNullOrWhiteSpace(masterDbUrl) && !PostgresUri.TryParse(masterDbUrl, out _, out var urlError))
        {
            errors.Add($"MASTER_DB_URL {urlError}");
        }

        CheckHttpUrl(configuration, "Prometheus:Url", errors);
        CheckHttpUrl(configuration, "Alerting:AlertmanagerUrl", errors);
        CheckListen(configuration, "Server:MetricsListen", errors);
        CheckListen(configuration, "Server:StatusListen", errors);
        CheckWholeNumber(configuration, "Metrics:StatsConcurrency", least: 1, errors);
        CheckWholeNumber(configuration, "Metrics:StatsCallsPerSecond", least: 0, errors);
        Metrics.StatsSourceValidator.Validate(configuration, errors);
        CheckWholeNumber(configuration, "TenantDb:Concurrency", least: 1, errors);
        if (configuration["TenantDb:FromContainer"] is { } fromContainer && !bool.TryParse(fromContainer, out _))
        {
            errors.Add($"SUPAWATCH_DB_FROM_CONTAINER: '{SafeText.Printable(fromContainer)}' is not true or false; write false to stop reading each _db container's POSTGRES_USER/POSTGRES_PASSWORD");
        }

        LogSettings.Validate(configuration, errors);
        Alerting.AlertingOptionsValidator.Validate(configuration, errors);
        Security.AuthCredentials.Load(configuration, errors);
        Status.StatusPageOptions.Load(configuration, errors);

        var components = configuration["Discovery:Components"];
        if (components is not null && new DiscoveryOptions { Components = components }.ComponentList.Any(c => !ContainerNameParser.IsValidId(c)))
        {
            errors.Add("SUPAWATCH_COMPONENTS: each component must be 1-128 characters of [A-Za-z0-9_.-], comma-separated");
        }

        errors.AddRange(Health.HealthOptionsValidator.Validate(configuration));
        Slo.SloOptionsValidator.Validate(configuration, errors);
        try
        {
            var stack = configuration.GetSection(Stack.StackOptions.Section).Get<Stack.StackOptions>() ?? new();
            Stack.ScaleConfig.Validate(stack, errors);
            Stack.AlertmanagerCluster.From(stack, errors);
        }
        catch (InvalidOperationException)
        {
            // A stack port that is not a number: `stack setup` reports it, naming the flag.
        }
        return errors;
    }

    private static void CheckWholeNumber(IConfiguration configuration, string key, int least, List<string> errors)
    {
        var raw = configuration[key];
        if (raw is not null && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < least))
        {
            errors.Add($"{key}: '{SafeText.Printable(raw)}' is not a whole number of at least {least}");
        }
    }

    /// <summary>Parses <c>host:port</c>, <c>:port</c> or <c>[v6]:port</c>.</summary>
    public static bool TryParseListen(string? text, out string host, out int port)
    {
        host = "0.0.0.0";
        port = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            return false;
        }

        var hostPart = text[..colon].Trim('[', ']');
        host = hostPart.Length == 0 ? "0.0.0.0" : hostPart;
        return hostPart.Length == 0 || System.Net.IPAddress.TryParse(hostPart, out _) || hostPart == "localhost";
    }

    private static void CheckHttpUrl(IConfiguration configuration, string key, List<string> errors)
    {
        var value = configuration[key];
        if (!string.IsNullOrWhiteSpace(value)
            && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add($"{SeedVariables.NameFor(key)}: not an http(s) URL; write it like http://localhost:9090");
        }
    }

    private static void CheckListen(IConfiguration configuration, string key, List<string> errors)
    {
        var value = configuration[key];
        if (value is not null && !TryParseListen(value, out _, out _))
        {
            errors.Add($"{SeedVariables.NameFor(key)}: '{SafeText.Printable(value)}' is not an address:port such as 0.0.0.0:9200 or 127.0.0.1:0");
        }
    }
}
