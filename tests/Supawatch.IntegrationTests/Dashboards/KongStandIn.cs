using System.Globalization;
using System.Text;

namespace Supawatch.IntegrationTests.Dashboards;

/// <summary>
/// Turns a busybox httpd tenant Kong into a stand-in for Supabase's Kong 2.8 with its Prometheus plugin on: the Supabase
/// routes the API checks ask for answer 200 (files in its www folder), and its <c>/metrics</c> file is rewritten every
/// second with growing Kong 2.x request counters and latency histogram (<c>kong_http_status</c>, <c>kong_latency</c>,
/// with Kong's zero-padded <c>le</c>), so rates and quantiles have data. Stops when disposed, or after 10 minutes.
/// </summary>
public sealed class KongStandIn : IAsyncDisposable
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(10);
    private readonly CancellationTokenSource _stop = new(Longest);
    private readonly Task _writer;

    private KongStandIn(string www)
    {
        foreach (var (path, body) in new[] { ("auth/v1/health", "{\"name\":\"GoTrue\"}"), ("rest/v1/index.html", "{}"), ("storage/v1/status", "{\"status\":\"ok\"}") })
        {
            var file = Path.Combine(www, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, body);
        }

        _writer = WriteAsync(www, _stop.Token);
    }

    public static KongStandIn Start(string www) => new(www);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _writer.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private static async Task WriteAsync(string www, CancellationToken cancellationToken)
    {
        var target = Path.Combine(www, "metrics");
        var temporary = Path.Combine(www, ".metrics.tmp");
        for (var second = 1; !cancellationToken.IsCancellationRequested; second++)
        {
            await File.WriteAllTextAsync(temporary, Render(second), cancellationToken);
            File.Move(temporary, target, overwrite: true);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>After <paramref name="second"/> seconds: 20 requests a second, 1 of them a 502; all under 500 ms, half under 50 ms.</summary>
    private static string Render(int second)
    {
        var ok = 19L * second;
        var failed = 1L * second;
        var all = ok + failed;
        var text = new StringBuilder();
        text.Append("# HELP supawatch_test_page_up A test container's own metric.\n# TYPE supawatch_test_page_up gauge\nsupawatch_test_page_up 1\n");
        text.Append("# HELP kong_http_status HTTP status codes per service/route in Kong\n# TYPE kong_http_status counter\n");
        text.Append(CultureInfo.InvariantCulture, $"kong_http_status{{service=\"rest-v1\",route=\"rest-v1-all\",code=\"200\"}} {ok}\n");
        text.Append(CultureInfo.InvariantCulture, $"kong_http_status{{service=\"rest-v1\",route=\"rest-v1-all\",code=\"502\"}} {failed}\n");
        text.Append("# HELP kong_latency Latency added by Kong, total request time and upstream latency for each service/route in Kong\n# TYPE kong_latency histogram\n");
        foreach (var type in new[] { "request", "kong" })
        {
            var fast = type == "kong" ? all : all / 2;
            foreach (var (le, count) in new[] { ("00050.0", fast), ("00100.0", fast), ("00500.0", all), ("+Inf", all) })
            {
                text.Append(CultureInfo.InvariantCulture, $"kong_latency_bucket{{service=\"rest-v1\",route=\"rest-v1-all\",type=\"{type}\",le=\"{le}\"}} {count}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"kong_latency_count{{service=\"rest-v1\",route=\"rest-v1-all\",type=\"{type}\"}} {all}\n");
            text.Append(CultureInfo.InvariantCulture, $"kong_latency_sum{{service=\"rest-v1\",route=\"rest-v1-all\",type=\"{type}\"}} {all * 100}\n");
        }

        return text.ToString();
    }
}
