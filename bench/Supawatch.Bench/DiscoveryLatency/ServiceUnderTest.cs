using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Supawatch.Cli;

namespace Supawatch.Bench.DiscoveryLatency;

/// <summary>
/// The whole Supawatch service, in-process, as <c>supawatch serve</c> builds it; both listeners on 127.0.0.1
/// with ports the kernel picks.
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceUnderTest(WebApplication app, Uri metrics)
    {
        _app = app;
        MetricsUrl = metrics;
    }

    /// <summary>The metrics/API listener (<c>/sd</c>, <c>/readyz</c>).</summary>
    public Uri MetricsUrl { get; }

    public static async Task<ServiceUnderTest> StartAsync(IConfiguration configuration, HttpClient http, CancellationToken cancellationToken)
    {
        var app = ServeCommand.Build(configuration);
        await app.StartAsync(cancellationToken);
        try
        {
            // Both listeners ask for port 0; the metrics one is the one that answers /healthz (the status one 404s).
            Uri? metrics = null;
            foreach (var address in app.Urls)
            {
                using var response = await http.GetAsync(new Uri(new Uri(address), "/healthz"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    metrics = new Uri(address);
                }
            }

            var service = new ServiceUnderTest(app, metrics ?? throw new InvalidOperationException($"no listener answered /healthz among {string.Join(", ", app.Urls)}"));
            await service.WaitReadyAsync(http, TimeSpan.FromSeconds(15), cancellationToken);
            return service;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    /// <summary>Ready once the first Docker reconcile has answered.</summary>
    private async Task WaitReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        for (var attempt = 0; attempt < 300 && DateTime.UtcNow < deadline; attempt++)
        {
            using var response = await http.GetAsync(new Uri(MetricsUrl, "/readyz"), cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            last = await response.Content.ReadAsStringAsync(cancellationToken);
            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"Supawatch was not ready within {timeout.TotalSeconds:0} s: {last.Trim()}");
    }
}
