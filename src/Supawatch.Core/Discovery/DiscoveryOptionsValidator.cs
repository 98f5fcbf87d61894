using System.Globalization;
using Microsoft.Extensions.Configuration;
using Supawatch.Common;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>
/// Checks the <c>Discovery</c> section at start; every error names the variable. Reads the raw values, since a port
/// that is not a number would make binding throw before it could be named.
/// </summary>
public static class DiscoveryOptionsValidator
{
    public static void Validate(IConfiguration configuration, List<string> errors)
    {
        Hosts(configuration, errors);

        if (!Shard.TryParse(configuration[$"{DiscoveryOptions.Section}:Shard"], out _, out var shardError))
        {
            errors.Add($"SUPAWATCH_SHARD {shardError}");
        }

        var kongMetricsPort = configuration[$"{DiscoveryOptions.Section}:KongMetricsPort"];
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
    }

    /// <summary>
    /// <c>DOCKER_HOSTS</c> / <c>DOCKER_HOST</c> read raw (the other keys may not bind yet), then parsed as
    /// <see cref="DiscoveryOptions.HostSpecs"/> parses them for discovery.
    /// </summary>
    private static void Hosts(IConfiguration configuration, List<string> errors)
    {
        var defaults = new DiscoveryOptions();
        var hosts = new DiscoveryOptions
        {
            DockerHosts = configuration[$"{DiscoveryOptions.Section}:{nameof(DiscoveryOptions.DockerHosts)}"],
            DockerHost = configuration[$"{DiscoveryOptions.Section}:{nameof(DiscoveryOptions.DockerHost)}"] ?? defaults.DockerHost,
        };
        hosts.HostSpecs(errors);
    }

    /// <summary><c>SUPAWATCH_COMPONENTS</c>: each a valid container-name suffix.</summary>
    public static void Components(IConfiguration configuration, List<string> errors)
    {
        var components = configuration[$"{DiscoveryOptions.Section}:{nameof(DiscoveryOptions.Components)}"];
        if (components is not null && new DiscoveryOptions { Components = components }.ComponentList.Any(c => !ContainerNameParser.IsValidId(c)))
        {
            errors.Add("SUPAWATCH_COMPONENTS: each component must be 1-128 characters of [A-Za-z0-9_.-], comma-separated");
        }
    }
}
