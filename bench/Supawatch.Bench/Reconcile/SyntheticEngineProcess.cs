using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Supawatch.Bench.Reconcile;

/// <summary>
/// Starts the <see cref="SyntheticDockerEngine"/> in a child process (this same program, verb
/// <c>synthetic-engine</c>) so its pre-rendered JSON and Kestrel never count towards Supawatch's memory.
/// The child exits when its stdin closes, so it cannot outlive the bench; dispose kills it, by its own handle.
/// </summary>
internal sealed class SyntheticEngineProcess : IAsyncDisposable
{
    public const string Verb = "synthetic-engine";

    private readonly Process _process;
    private readonly HttpClient _http;

    private SyntheticEngineProcess(Process process, HttpClient http)
    {
        _process = process;
        _http = http;
    }

    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts <paramref name="hosts"/> engines of <paramref name="perHost"/> instances each (ids numbered on across them),
    /// on sockets in <paramref name="directory"/>, a few at a time: each renders its fleet's JSON up front, and the
    /// machine has 2 cores. Each joins <paramref name="started"/> as soon as it runs, so the caller stops what did start.
    /// </summary>
    /// <returns>The <c>DOCKER_HOSTS</c> value naming them <c>host-00</c>, <c>host-01</c>...</returns>
    public static async Task<string> StartFleetAsync(List<SyntheticEngineProcess> started, string directory, int hosts, int perHost, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        var sockets = Enumerable.Range(0, hosts).Select(h => Path.Combine(directory, $"h{h}.sock")).ToArray();
        foreach (var chunk in Enumerable.Range(0, hosts).Chunk(4))
        {
            started.AddRange(await Task.WhenAll(chunk.Select(h => StartAsync(sockets[h], perHost, log, cancellationToken, first: h * perHost))));
        }

        return string.Join(';', sockets.Select((s, h) => $"host-{h:00}=unix://{s}"));
    }

    public static async Task<SyntheticEngineProcess> StartAsync(string socketPath, int instances, TextWriter log, CancellationToken cancellationToken, int first = 0)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        // Under `dotnet Supawatch.Bench.dll` the process path is the dotnet host; the apphost runs itself.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SyntheticEngineProcess).Assembly.Location);
        }

        foreach (var argument in new[] { Verb, "--socket", socketPath, "--instances", instances.ToString(System.Globalization.CultureInfo.InvariantCulture), "--first", first.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        // A real engine (dockerd, podman) is compiled ahead of time. Tiered JIT would have each of up to 20 stand-ins
        // recompile its request path in the background during the service's first cold start, on the same two cores,
        // which the first fleet of a run then measured as Supawatch's start (about 7 s against 2-3 s for later fleets).
        start.Environment["DOTNET_TieredCompilation"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the synthetic engine");
        var http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = new Uri("http://synthetic-engine"),
            Timeout = TimeSpan.FromSeconds(5),
        };

        var engine = new SyntheticEngineProcess(process, http);
        try
        {
            await engine.WaitReadyAsync(TimeSpan.FromSeconds(120), cancellationToken); // 20 engines start at once; on a loaded 2-core machine that takes a while
            await engine.WarmUpAsync(cancellationToken);
            log.WriteLine($"synthetic engine (pid {process.Id}) serving {socketPath}");
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>The child's side: build the fleet, serve it on the socket until stdin closes.</summary>
    public static async Task<int> RunAsChildAsync(IReadOnlyList<string> args)
    {
        var socket = args.SkipWhile(a => a != "--socket").Skip(1).FirstOrDefault();
        var instances = int.TryParse(args.SkipWhile(a => a != "--instances").Skip(1).FirstOrDefault(), out var n) ? n : 0;
        var first = int.TryParse(args.SkipWhile(a => a != "--first").Skip(1).FirstOrDefault(), out var f) ? f : 0;
        // Host ports are 20,000 + 3 × index: the last instance must stay below 15,000 for them to stay valid ports.
        if (socket is null || instances is < 1 or > 15_000 || first < 0 || first + instances > 15_000)
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} --socket PATH --instances 1-15000 [--first N] (first + instances at most 15000)");
            return 2;
        }

        var fleet = SyntheticFleet.Create(instances, DateTimeOffset.UtcNow, first);
        await using var engine = await SyntheticDockerEngine.StartAsync(socket, fleet, CancellationToken.None);
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>One list and one inspect (of no container), so their code is compiled before anything is timed; the counters start from zero.</summary>
    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        using (var list = await _http.GetAsync(new Uri("/containers/json?all=1", UriKind.Relative), cancellationToken))
        {
            list.EnsureSuccessStatusCode();
        }

        using (await _http.GetAsync(new Uri("/containers/warm-up/json", UriKind.Relative), cancellationToken))
        {
        }

        await ResetAsync(cancellationToken);
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri("/_bench/reset", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<EngineCounters> CountersAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync(new Uri("/_bench/counters", UriKind.Relative), EngineCountersJson.Default.EngineCounters, cancellationToken)
        ?? throw new InvalidOperationException("the synthetic engine sent no counters");

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Exporter.ChildProcess.StopAsync(_process, TimeSpan.FromSeconds(5));
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        for (var attempt = 0; attempt < 2400 && Stopwatch.GetTimestamp() < deadline; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the synthetic engine exited with code {_process.ExitCode}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("/_ping", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"the synthetic engine did not answer /_ping within {timeout.TotalSeconds:0} s");
    }
}
