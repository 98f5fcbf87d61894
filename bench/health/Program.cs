using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Supawatch.Bench.Health;
using Supawatch.Health;
using Supawatch.Instances;

// One health round over many loopback HTTP endpoints, a share of which never answer, timed against
// prometheus-blackbox-exporter probing the same endpoints at the same concurrency. See docs/performance.md.
var endpoints = Option("--endpoints", 1000);
var hangingPercent = Option("--hang-percent", 10);
var timeout = TimeSpan.FromMilliseconds(Option("--timeout-ms", 2000));
var concurrency = Option("--concurrency", 128);
var runs = Option("--runs", 3);
var blackboxBinary = OptionText("--blackbox", "/usr/bin/prometheus-blackbox-exporter");
var resultsDirectory = OptionText("--results", "bench/results");
// --supawatch-only: time and weigh ProbeRunner's rounds alone (no blackbox_exporter, no history store), e.g. with
// --hang-percent 100 for a silent fleet's allocation per timed-out check.
var supawatchOnly = args.Contains("--supawatch-only");
// --check postgres: the database check (an SSLRequest, answered by nothing here: the answering endpoints speak HTTP).
var checkName = OptionText("--check", CheckNames.Http);

var hanging = endpoints * hangingPercent / 100;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"endpoints={endpoints} hanging={hanging} timeout={timeout.TotalMilliseconds} ms concurrency={concurrency} runs={runs} cpus={Environment.ProcessorCount}"));

await using var servers = new Endpoints(endpoints, hanging);
var options = new HealthOptions { Interval = timeout * 10, Timeout = timeout, Concurrency = concurrency };
var runner = new ProbeRunner(new PostgresProbe(), options);
var checks = servers.All.Select((address, i) => new HealthCheck($"bench_{i}", checkName == CheckNames.Postgres ? "db" : "kong", checkName, new ContainerInfo
{
    Id = $"c{i}",
    Name = $"bench_{i}_kong",
    InstanceId = $"bench_{i}",
    Component = checkName == CheckNames.Postgres ? "db" : "kong",
    State = ContainerState.Running,
}, address)).ToList();

var work = Directory.CreateTempSubdirectory("supawatch-bench-").FullName;
await using var blackbox = await BlackboxExporter.StartAsync(blackboxBinary, work, timeout);
var supawatch = new List<(double Seconds, int Up)>();
var allocations = new List<long>();
var exporter = new List<(double Seconds, int Up)>();

// Warm-up (JIT, connection setup) on a few endpoints, not timed.
await runner.RunAsync(checks.Take(50).ToList(), new Dictionary<string, int>(), CancellationToken.None);
if (servers.Answering.Count > 0)
{
    await blackbox.ProbeAsync(servers.Answering[0], CancellationToken.None);
}

for (var run = 1; run <= runs; run++)
{
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var cpuBefore = Environment.CpuUsage.TotalTime;
    var stopwatch = Stopwatch.StartNew();
    var results = await runner.RunAsync(checks, new Dictionary<string, int>(), CancellationToken.None);
    supawatch.Add((stopwatch.Elapsed.TotalSeconds, results.Count(r => r.Status == HealthStatus.Up)));
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
    allocations.Add(allocated);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"run {run} supawatch: {supawatch[^1].Seconds:0.000} s, {supawatch[^1].Up} up, {results.Length - supawatch[^1].Up} down, allocated {allocated / 1024.0 / 1024:0.0} MB ({allocated / 1024.0 / results.Length:0.0} KB per check), CPU {cpu.TotalMilliseconds:0} ms (process, both probers' servers included)"));
    if (supawatchOnly)
    {
        continue;
    }

    var up = 0;
    stopwatch.Restart();
    await Parallel.ForEachAsync(servers.All, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (address, token) =>
    {
        if (await blackbox.ProbeAsync(address, token))
        {
            Interlocked.Increment(ref up);
        }
    });
    exporter.Add((stopwatch.Elapsed.TotalSeconds, up));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"run {run} blackbox:  {exporter[^1].Seconds:0.000} s, {up} up, {endpoints - up} down"));
}

if (supawatchOnly)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"supawatch-only: median round {Median(supawatch.Select(r => r.Seconds)):0.000} s, median allocated {Median(allocations.Select(a => (double)a)) / 1024 / 1024:0.0} MB per round"));
    Directory.Delete(work, recursive: true);
    return 0;
}

var history = HistoryCost.Measure(endpoints, work);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"history store, {endpoints} instances with 90 days: one round's write {history.Write.TotalMilliseconds:0} ms, summary read {history.Read.TotalMilliseconds:0} ms, file {history.Bytes / 1024} KiB (89 days filled in {history.Fill.TotalSeconds:0.0} s)"));

var supawatchMedian = Median(supawatch.Select(r => r.Seconds));
var exporterMedian = Median(exporter.Select(r => r.Seconds));
var goal = timeout.TotalSeconds * 1.5;
Console.WriteLine();
Console.WriteLine("| prober | median round (s) | worst round (s) | × timeout | up / down | goal < 1.5× timeout |");
Console.WriteLine("|---|---|---|---|---|---|");
Console.WriteLine(Row("Supawatch ProbeRunner", supawatch, supawatchMedian));
Console.WriteLine(Row("blackbox_exporter /probe", exporter, exporterMedian));

Directory.CreateDirectory(resultsDirectory);
var file = Path.Combine(resultsDirectory, $"health-{DateTime.UtcNow:yyyyMMddTHHmmssZ}.json");
await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
{
    endpoints,
    hanging,
    timeoutMs = timeout.TotalMilliseconds,
    concurrency,
    cpus = Environment.ProcessorCount,
    supawatchSeconds = supawatch.Select(r => r.Seconds),
    blackboxSeconds = exporter.Select(r => r.Seconds),
    supawatchUp = supawatch.Select(r => r.Up),
    blackboxUp = exporter.Select(r => r.Up),
    historyWriteMs = history.Write.TotalMilliseconds,
    historyReadMs = history.Read.TotalMilliseconds,
    historyBytes = history.Bytes,
}));
Console.WriteLine($"results: {file}");
Directory.Delete(work, recursive: true);
return supawatchMedian < goal && supawatch.All(r => r.Up == endpoints - hanging) ? 0 : 1;

string Row(string name, List<(double Seconds, int Up)> rounds, double median) => string.Create(CultureInfo.InvariantCulture,
    $"| {name} | {median:0.000} | {rounds.Max(r => r.Seconds):0.000} | {median / timeout.TotalSeconds:0.00} | {rounds[^1].Up} / {endpoints - rounds[^1].Up} | {(median < goal ? "met" : "missed")} |");

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

string OptionText(string name, string fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
