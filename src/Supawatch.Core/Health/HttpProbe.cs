using System.Diagnostics;
using System.Globalization;

namespace Supawatch.Health;

/// <summary>
/// GET to a component's published port. Alive means an HTTP answer whose status is in the component's
/// accepted set; only the headers are awaited.
/// </summary>
public sealed class HttpProbe(HttpClient client)
{
    /// <summary>The named client registered for probes (no redirects, no proxy, no client-wide timeout).</summary>
    public const string ClientName = "supawatch-health";

    public async Task<ProbeResult> ProbeAsync(string address, string path, StatusCodeRanges up, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://" + address + path));
            request.Headers.UserAgent.ParseAdd("supawatch-health/1.0");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var code = (int)response.StatusCode;
            var reason = string.Create(CultureInfo.InvariantCulture, $"HTTP {code}");
            return up.Contains(code) ? ProbeResult.Up(elapsed, reason) : ProbeResult.Down(elapsed, reason);
        }
        catch (Exception ex)
        {
            var timedOut = limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            return ProbeResult.Down(Stopwatch.GetElapsedTime(started), ProbeFailures.Describe(ex, timeout, timedOut));
        }
    }

    /// <summary>The handler probes use: short-lived pooled connections, no proxy, no redirects, no cookies.</summary>
    public static SocketsHttpHandler CreateHandler(TimeSpan timeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    };
}
