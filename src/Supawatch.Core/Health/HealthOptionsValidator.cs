using System.Globalization;
using Microsoft.Extensions.Configuration;
using Supawatch.Common;

namespace Supawatch.Health;

/// <summary>Checks the <c>Health</c> section at start; every error names the variable or key to fix.</summary>
public static class HealthOptionsValidator
{
    private static readonly (string Key, string Name)[] Numbers =
    [
        ("Concurrency", "SUPAWATCH_HEALTH_CONCURRENCY"),
        ("FailureThreshold", "Health:FailureThreshold"),
        ("SuccessThreshold", "Health:SuccessThreshold"),
        ("Jitter", "Health:Jitter"),
    ];

    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var errors = new List<string>();
        foreach (var (key, name) in Numbers)
        {
            var raw = configuration[$"{HealthOptions.Section}:{key}"];
            if (raw is not null && !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"{name}: '{SafeText.Printable(raw)}' is not a number");
            }
        }

        HealthOptions options;
        try
        {
            options = HealthOptions.From(configuration);
        }
        catch (InvalidOperationException)
        {
            // A value the binder cannot read: named above, or a duration ConfigurationValidator names (then a
            // second, vaguer line here would only blur that one).
            return errors.Count > 0 || DurationUnreadable(configuration) ? errors : ["Health: a value cannot be read; see docs/health.md for each key's type"];
        }

        if (options.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout >= options.Interval))
        {
            errors.Add($"SUPAWATCH_HEALTH_TIMEOUT: must be positive and below HEALTH_CHECK_INTERVAL ({options.Interval.TotalSeconds:0.###} s)");
        }

        if (options.Concurrency is < 1 or > 10_000)
        {
            errors.Add("SUPAWATCH_HEALTH_CONCURRENCY: must be between 1 and 10000");
        }

        if (options.FailureThreshold is < 1 or > 100 || options.SuccessThreshold is < 1 or > 100)
        {
            errors.Add("Health:FailureThreshold and Health:SuccessThreshold: must be between 1 and 100 rounds");
        }

        if (options.Jitter is < 0 or > 0.5)
        {
            errors.Add("Health:Jitter: must be a fraction between 0 and 0.5 of the interval");
        }

        if (!StatusCodeRanges.TryParse(options.KongUpStatus, out _))
        {
            errors.Add("Health:KongUpStatus: write HTTP status codes and ranges like 200-499");
        }

        if (!StatusCodeRanges.TryParse(options.UpStatus, out _))
        {
            errors.Add("Health:UpStatus: write HTTP status codes and ranges like 200-399,401,403");
        }

        foreach (var entry in options.InvalidApiChecks)
        {
            errors.Add($"SUPAWATCH_API_CHECKS: '{SafeText.Printable(entry)}' is not a known service ({string.Join(", ", HealthOptions.DefaultApiPaths.Keys)}) nor service=/path");
        }

        if (options.ApiCheckFailure.Trim().ToLowerInvariant() is not ("degraded" or "down"))
        {
            errors.Add("SUPAWATCH_API_CHECK_FAILURE: write degraded or down");
        }

        var sources = options.ApiKeySource.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var source in sources.Where(s => !HealthOptions.KeySources.Contains(s.ToLowerInvariant())))
        {
            errors.Add($"SUPAWATCH_API_KEY_SOURCE: '{SafeText.Printable(source)}' is not a key source; write env, masterdb or both in the order to try, e.g. env,masterdb");
        }

        if (sources.Length == 0)
        {
            errors.Add("SUPAWATCH_API_KEY_SOURCE: is empty; write env, masterdb or both in the order to try, e.g. env,masterdb");
        }
        else if (options.ApiKeySourceList is ["masterdb"] && string.IsNullOrWhiteSpace(configuration["MasterDb:Url"]))
        {
            errors.Add("SUPAWATCH_API_KEY_SOURCE: masterdb alone needs MASTER_DB_URL (and an anon_key column in MASTER_DB_QUERY); set it or add env");
        }

        if (!StatusCodeRanges.TryParse(options.ApiUpStatus, out _))
        {
            errors.Add("Health:ApiUpStatus: write HTTP status codes and ranges like 200-399");
        }

        if (options.Retention < TimeSpan.FromDays(1))
        {
            errors.Add("SUPAWATCH_HISTORY_RETENTION: keep at least one day (e.g. 90d)");
        }

        return errors;
    }

    private static bool DurationUnreadable(IConfiguration configuration) =>
        Configuration.SeedVariables.All.Any(v => v.IsDuration
            && v.ConfigKey.StartsWith(HealthOptions.Section + ":", StringComparison.Ordinal)
            && configuration[v.ConfigKey] is { } raw
            && !TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out _));
}
