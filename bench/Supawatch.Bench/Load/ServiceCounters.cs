using System.Globalization;
using Supawatch.Bench.Exporter;

namespace Supawatch.Bench.Load;

/// <summary>
/// The service's own schedule counters, read from its <c>/metrics</c>: health rounds and discovery reconciles done
/// (histogram counts) and their summed durations, the last round's and the Docker source's last success time.
/// </summary>
internal sealed record ServiceCounters(
    DateTimeOffset ReadAt,
    double HealthRounds,
    double HealthRoundSeconds,
    double LastRound,
    double Reconciles,
    double ReconcileSeconds,
    double DockerLastSuccess)
{
    public static async Task<ServiceCounters> ReadAsync(HttpClient http, Uri metrics, CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync(metrics, cancellationToken);
        return new ServiceCounters(
            DateTimeOffset.UtcNow,
            Exposition.Sum(text, "supawatch_health_round_duration_seconds_count"),
            Exposition.Sum(text, "supawatch_health_round_duration_seconds_sum"),
            Exposition.Sum(text, "supawatch_health_last_round_timestamp_seconds"),
            Exposition.Sum(text, "supawatch_discovery_reconcile_duration_seconds_count"),
            Exposition.Sum(text, "supawatch_discovery_reconcile_duration_seconds_sum"),
            Labelled(text, "supawatch_source_last_success_timestamp_seconds{source=\"docker\",host=\"default\"}"));
    }

    /// <summary>Seconds from <paramref name="timestamp"/> (Unix seconds) to when these counters were read.</summary>
    public double AgeOf(double timestamp) => (ReadAt.ToUnixTimeMilliseconds() / 1000.0) - timestamp;

    private static double Labelled(string text, string series) =>
        text.Split('\n')
            .Where(line => line.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(double.NaN)
            .First();
}
