using System.Globalization;
using Microsoft.Extensions.Configuration;
using Supawatch.Common;
using Supawatch.Configuration;
using Supawatch.Discovery;

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

        // Each concept checks its own section; the order is the order the errors print in.
        DiscoveryOptionsValidator.Validate(configuration, errors);
        MasterDb.MasterDbOptionsValidator.Validate(configuration, errors);
        ConfigurationChecks.HttpUrl(configuration, "Prometheus:Url", errors);
        ConfigurationChecks.HttpUrl(configuration, "Alerting:AlertmanagerUrl", errors);
        CheckListen(configuration, "Server:MetricsListen", errors);
        CheckListen(configuration, "Server:StatusListen", errors);
        Metrics.MetricsOptionsValidator.Validate(configuration, errors);

        LogSettings.Validate(configuration, errors);
        Alerting.AlertingOptionsValidator.Validate(configuration, errors);
        Security.AuthCredentials.Load(configuration, errors);
        Status.StatusPageOptions.Load(configuration, errors);

        DiscoveryOptionsValidator.Components(configuration, errors);

        errors.AddRange(Health.HealthOptionsValidator.Validate(configuration));
        Slo.SloOptionsValidator.Validate(configuration, errors);
        try
        {
            var stack = Stack.StackOptions.From(configuration);
            Stack.ScaleConfig.Validate(stack, errors);
            Stack.AlertmanagerCluster.From(stack, errors);
        }
        catch (InvalidOperationException ex)
        {
            // A stack port in the config file that is not a number (the binder's message names the key); one given
            // as a flag `stack setup` reports itself. Reported here too, as serve binds the section for Stack:Dir.
            errors.Add($"stack settings: {ex.Message}");
        }
        return errors;
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

    private static void CheckListen(IConfiguration configuration, string key, List<string> errors)
    {
        var value = configuration[key];
        if (value is not null && !TryParseListen(value, out _, out _))
        {
            errors.Add($"{SeedVariables.NameFor(key)}: '{SafeText.Printable(value)}' is not an address:port such as 0.0.0.0:9200 or 127.0.0.1:0");
        }
    }
}
