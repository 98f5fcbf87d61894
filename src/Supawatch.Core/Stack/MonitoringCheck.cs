using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Supawatch.Stack;

/// <summary>
/// Whether a running Supawatch actually sees what it watches: its discovery sources (each Docker host, the master DB)
/// from <c>/api/v1/instances</c>, or <c>/readyz</c> when the API asks for credentials this check does not have.
/// A process that answers <c>/healthz</c> but reaches no Docker engine is up, not monitoring.
/// </summary>
public static class MonitoringCheck
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    // The sources whose failure leaves Supawatch blind; the event stream only delays what the reconcile still finds.
    private static readonly string[] Essential = [Discovery.DiscoveryHealth.Docker, Discovery.DiscoveryHealth.MasterDb];

    /// <summary>
    /// Null when every configured source answered; otherwise one line per problem, naming the source and its error.
    /// Waits up to <paramref name="firstAttempt"/> for sources that have not been tried yet (a Supawatch just started).
    /// </summary>
    public static async Task<IReadOnlyList<string>?> ProblemsAsync(string supawatchUrl, ScrapeCredentials? credentials, TimeSpan firstAttempt, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var (problems, pending) = await CheckAsync(supawatchUrl, credentials, cancellationToken);
            if (pending.Count == 0)
            {
                return problems.Count == 0 ? null : problems;
            }

            if (stopwatch.Elapsed >= firstAttempt)
            {
                return [.. problems, .. pending.Select(p => $"{p}: no answer yet after {firstAttempt.TotalSeconds:0} s")];
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task<(List<string> Problems, List<string> Pending)> CheckAsync(string url, ScrapeCredentials? credentials, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var pending = new List<string>();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url + "/api/v1/instances");
            if (credentials is not null)
            {
                request.Headers.Authorization = credentials.User is null
                    ? new AuthenticationHeaderValue("Bearer", credentials.Secret)
                    : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Secret}")));
            }

            using var response = await Http.SendAsync(request, cancellationToken);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return await ReadyzAsync(url, cancellationToken);
            }

            if (!response.IsSuccessStatusCode)
            {
                problems.Add($"/api/v1/instances answered {(int)response.StatusCode}");
                return (problems, pending);
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var source in document.RootElement.GetProperty("sources").EnumerateArray())
            {
                var name = source.GetProperty("name").GetString() ?? "";
                if (!Essential.Contains(name) || !source.GetProperty("enabled").GetBoolean() || source.GetProperty("up").GetBoolean())
                {
                    continue;
                }

                var label = source.TryGetProperty("host", out var host) && host.ValueKind == JsonValueKind.String ? $"{Label(name)} ({host.GetString()})" : Label(name);
                if (source.TryGetProperty("last_attempt", out var attempt) && attempt.ValueKind == JsonValueKind.Null)
                {
                    pending.Add(label);
                }
                else
                {
                    var error = source.TryGetProperty("last_error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : "failed";
                    problems.Add($"{label}: {error}");
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            problems.Add($"cannot read {url}/api/v1/instances: {ex.Message}");
        }

        return (problems, pending);
    }

    private static async Task<(List<string> Problems, List<string> Pending)> ReadyzAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(url + "/readyz", cancellationToken);
        var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        return response.IsSuccessStatusCode ? ([], []) : ([$"Docker discovery: {body}"], []);
    }

    private static string Label(string source) => source == Discovery.DiscoveryHealth.MasterDb ? "master DB" : "Docker discovery";
}
