using Supawatch.Bench.Measurement;

namespace Supawatch.Bench.Exporter;

/// <summary>
/// Runs Debian's <c>wrk</c> against one 127.0.0.1 URL with the same settings for every exporter, bounded in time.
/// </summary>
internal static class Wrk
{
    public const int Threads = 2;
    public const int Connections = 16;
    public const int DurationSeconds = 20;

    /// <summary>
    /// wrk's default 2 s timeout would drop a slow exporter's responses from the latency figures and count them
    /// as errors; 30 s lets every response count, for both exporters alike.
    /// </summary>
    public const int TimeoutSeconds = 30;

    public static string CommandLine(string url, bool gzip) =>
        $"wrk -t{Threads} -c{Connections} -d{DurationSeconds}s --timeout {TimeoutSeconds}s --latency{(gzip ? " -H 'Accept-Encoding: gzip'" : "")} {url}";

    public static Task<WrkResult> RunAsync(Uri url, bool gzip, CancellationToken cancellationToken) =>
        RunAsync(url, gzip, Connections, DurationSeconds, TimeoutSeconds, cancellationToken);

    public static string CommandLine(string url, bool gzip, int connections, int durationSeconds, int timeoutSeconds) =>
        $"wrk -t{ThreadsFor(connections)} -c{connections} -d{durationSeconds}s --timeout {timeoutSeconds}s --latency{(gzip ? " -H 'Accept-Encoding: gzip'" : "")} {url}";

    /// <summary>One bounded wrk run: <paramref name="durationSeconds"/> of load, killed if it overruns by the timeout.</summary>
    public static async Task<WrkResult> RunAsync(Uri url, bool gzip, int connections, int durationSeconds, int timeoutSeconds, CancellationToken cancellationToken)
    {
        if (!url.IsLoopback)
        {
            throw new InvalidOperationException($"wrk is only pointed at 127.0.0.1, not {url}");
        }

        string[] arguments =
        [
            $"-t{ThreadsFor(connections)}", $"-c{connections}", $"-d{durationSeconds}s", "--timeout", $"{timeoutSeconds}s", "--latency",
            .. gzip ? new[] { "-H", "Accept-Encoding: gzip" } : [],
            url.ToString(),
        ];

        // Duration plus the longest a last response may take, plus a margin; then it is killed.
        var limit = TimeSpan.FromSeconds(durationSeconds + timeoutSeconds + 15);
        var result = await ExternalProcess.RunAsync("wrk", arguments, limit, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {result.ExitCode}: {result.StandardError} {result.StandardOutput}");
        }

        return WrkResult.Parse(result.StandardOutput);
    }

    /// <summary>wrk refuses more threads than connections.</summary>
    private static int ThreadsFor(int connections) => Math.Min(Threads, connections);
}
