using Supawatch.Common;

namespace Supawatch.Targets;

/// <summary>Asks Prometheus to reload its configuration (<c>POST /-/reload</c>, needs <c>--web.enable-lifecycle</c>).</summary>
public sealed class PrometheusReloadClient(HttpClient http)
{
    /// <returns>Null on success, else what went wrong and what to fix.</returns>
    public async Task<string?> ReloadAsync(string prometheusUrl, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(prometheusUrl.TrimEnd('/') + "/-/reload", UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            return "PROMETHEUS_URL is not an http(s) URL";
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await http.PostAsync(uri, content: null, timeout.Token);
            return response.IsSuccessStatusCode
                ? null
                : $"Prometheus answered HTTP {(int)response.StatusCode} to /-/reload; start it with --web.enable-lifecycle";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"Prometheus at PROMETHEUS_URL did not take /-/reload: {SafeText.Printable(ex.GetBaseException().Message)}";
        }
    }
}
