using System.Net.Sockets;
using System.Text.Json;
using Supawatch.Bench.Reconcile;

namespace Supawatch.Bench.Exporter;

/// <summary>
/// The two ways to ask an engine for one stats sample, timed over the same containers and with the collector's
/// concurrency: <c>stream=false&amp;one-shot=true</c> (what Supawatch sends: one sample, <c>precpu_stats</c> empty) and
/// <c>stream=false</c> alone (Docker Engine then waits for a second sample, about a second later, to fill
/// <c>precpu_stats</c>). Raw HTTP on the engine's socket, no Supawatch code in between.
/// </summary>
internal static class StatsQueryComparison
{
    public static readonly string[] Queries = ["stream=false&one-shot=true", "stream=false"];
    public const int Sweeps = 2;

    public static async Task<IReadOnlyList<StatsQueryForm>> RunAsync(string dockerHost, IReadOnlyList<string> ids, int concurrency, TextWriter log, CancellationToken cancellationToken)
    {
        var socketPath = dockerHost.StartsWith("unix://", StringComparison.Ordinal) ? dockerHost["unix://".Length..] : throw new InvalidOperationException($"stats query comparison needs a unix:// engine socket, not {dockerHost}");
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri("http://engine/"), Timeout = TimeSpan.FromSeconds(30) };

        var forms = new List<StatsQueryForm>();
        foreach (var query in Queries)
        {
            var runs = new List<Run>();
            var filled = 0;
            var answers = 0;
            for (var i = 0; i < Sweeps; i++)
            {
                filled = 0;
                answers = 0;
                var sweep = Run.Start();
                await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (id, ct) =>
                {
                    using var response = await http.GetAsync($"containers/{Uri.EscapeDataString(id)}/stats?{query}", ct);
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    if (!response.IsSuccessStatusCode || body.Length == 0)
                    {
                        return;
                    }

                    Interlocked.Increment(ref answers);
                    using var json = JsonDocument.Parse(body);
                    if (json.RootElement.TryGetProperty("precpu_stats", out var pre) && pre.TryGetProperty("cpu_usage", out var usage)
                        && usage.TryGetProperty("total_usage", out var total) && total.TryGetUInt64(out var counter) && counter > 0)
                    {
                        Interlocked.Increment(ref filled);
                    }
                });
                runs.Add(sweep.Stop());
                log.WriteLine($"stats-100: raw stats?{query} sweep {i + 1}/{Sweeps} ({concurrency} at once): {runs[^1]}; {answers}/{ids.Count} answered, precpu_stats filled in {filled}");
            }

            forms.Add(new StatsQueryForm(query, runs, filled, answers, ids.Count));
        }

        return forms;
    }
}
