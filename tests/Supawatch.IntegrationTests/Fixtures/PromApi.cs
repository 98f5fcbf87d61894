using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// The Prometheus HTTP API as Prometheus and VictoriaMetrics both answer it (<c>{"status":"success","data":…}</c>):
/// what <see cref="PrometheusFixture"/>, <see cref="VictoriaMetricsServer"/> and the scaling tests' Prometheus query through.
/// </summary>
public static class PromApi
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>GETs <paramref name="pathAndQuery"/> from <paramref name="baseUrl"/> and returns <c>data</c>; anything but success throws, naming <paramref name="server"/>.</summary>
    public static async Task<JsonElement> GetDataAsync(string server, string baseUrl, string pathAndQuery)
    {
        using var response = await Http.GetAsync(baseUrl + pathAndQuery);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode || body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"{server} GET {pathAndQuery} failed: {(int)response.StatusCode} {body}");
        }

        return body.GetProperty("data").Clone();
    }

    /// <summary>The API's time parameter: Unix seconds with milliseconds.</summary>
    public static string Unix(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A series' labels as one sorted <c>name=value,…</c> key.</summary>
    public static string LabelKey(JsonElement metric) =>
        string.Join(',', metric.EnumerateObject().OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => $"{l.Name}={l.Value.GetString()}"));
}
