using System.Globalization;

namespace Supawatch.Bench;

/// <summary>The bench's command line: scenario names, then options. Every count is bounded.</summary>
internal sealed record BenchArguments
{
    public const string DiscoveryLatency = "discovery-latency";
    public const string Reconcile = "reconcile-1000";
    public const string Metrics = "metrics-1000";
    public const string Stats = "stats-100";

    /// <summary>Issue 25's stats-cost row: 300 containers on real Docker Engine only (not in the default set).</summary>
    public const string StatsLarge = "stats-300";
    public const string ScrapeCost = "metrics-scrape-cost";
    public const string Load = "load-1000";

    public const string Hosts = "hosts-10000";

    /// <summary>Issue 23's tenant database sweep against 100 real PostgreSQL servers and 100 postgres_exporters; by name only.</summary>
    public const string TenantDb = "tenantdb-100";

    /// <summary>Issue 24's status pages at 1,000 instances: in process, seconds (not in the default set).</summary>
    public const string StatusPages = "status-pages-1000";

    /// <summary>Issue 25: peak memory of the whole service on healthy and failing fleets (not in the default set).</summary>
    public const string MemoryFloor = "memory-floor-1000";

    public const string MemoryFloorLarge = "memory-floor-10000";

    /// <summary>Issue 25: warm reconcile and /metrics gzip tails at 10,000, this build against --baseline (not in the default set).</summary>
    public const string ReconcileLarge = "reconcile-10000";

    /// <summary>Issue 25: the heap a 90-day history store costs at --instances and --scale-instances, in process (not in the default set).</summary>
    public const string History = "history-90d";

    /// <summary>
    /// What runs when no scenario is named: the performance benchmarks. load-1000 (a reliability scenario, writes
    /// docs/reliability.md) and hosts-10000 (writes docs/scaling.md) are asked for by name.
    /// </summary>
    public static readonly string[] AllScenarios = [DiscoveryLatency, Reconcile, Metrics, Stats, ScrapeCost];

    private static readonly string[] KnownScenarios = [.. AllScenarios, Load, Hosts, TenantDb, StatusPages, MemoryFloor, MemoryFloorLarge, ReconcileLarge, History, StatsLarge];

    public const string Usage = """
        usage: Supawatch.Bench [discovery-latency] [reconcile-1000] [metrics-1000] [stats-100] [metrics-scrape-cost] [load-1000] [hosts-10000] [tenantdb-100] [status-pages-1000]
               [memory-floor-1000] [memory-floor-10000] [reconcile-10000] [history-90d] [stats-300] [options]
          --iterations N     containers started for discovery-latency (default 30, 1-200)
          --containers N     containers per engine for stats-100 (default 100) and stats-300 (Docker Engine only,
                             default 300); 1-300
          --docker-host URI  podman's API socket for discovery-latency and stats-100, unix:///path/podman.sock
          --podman PATH      podman command using the same storage as that socket (a wrapper script)
          --dockerd-host URI a real Docker Engine's API socket for stats-100, unix:///path/docker.sock
          --docker PATH      docker command talking to that engine (a wrapper script that sets DOCKER_HOST)
          --dockerd-marker S / --podman-marker S  a path on every one of that engine's processes' command lines,
                             whose CPU stats-100 sums from /proc (default: the socket's URI)
          --instances N      synthetic instances for reconcile-1000, metrics-1000 and metrics-scrape-cost,
                             three containers each (default 1000, 1-15000)
          --repeat N         cold and warm reconciles measured each (default 5, 1-50)
          --duration N       seconds of each wrk run in load-1000 (default 30, 5-300)
          --hosts N          synthetic Docker hosts for hosts-10000 (default 20, 1-50)
          --scale-instances N  synthetic instances for hosts-10000, memory-floor-10000 and history-90d, spread over the hosts (default 10000, 1-15000)
          --history-days N   memory-floor-1000 and -10000: seed the service's history store with N days per instance
                             first (SYNTHETIC; default 0, an empty store; 1-90, the default retention)
          --service PATH     the supawatch binary to run as the service (bench/run.sh passes the NativeAOT one);
                             without it, the JIT build beside the bench (dotnet supawatch.dll)
          --baseline PATH    reconcile-10000: the previous build's supawatch binary, run in turns with --service
          --doc PATH         rewrite this scenario's section of PATH (docs/performance.md)
        bench/run.sh sets up podman and Docker Engine and passes these; run that instead.
        """;

    public IReadOnlyList<string> Scenarios { get; init; } = AllScenarios;
    public int Iterations { get; init; } = 30;
    /// <summary>Containers per engine when <c>--containers</c> is given; otherwise the stats scenario's own count.</summary>
    public int? Containers { get; init; }
    public string? DockerHost { get; init; }
    public string Podman { get; init; } = "podman";
    public string? DockerdHost { get; init; }
    public string Docker { get; init; } = "docker";
    public string? DockerdMarker { get; init; }
    public string? PodmanMarker { get; init; }
    public int Instances { get; init; } = 1000;
    public int Repeat { get; init; } = 5;
    public int Duration { get; init; } = 30;
    public string? DocPath { get; init; }
    public string? Service { get; init; }
    public string? Baseline { get; init; }
    public int HostCount { get; init; } = 20;
    public int ScaleInstances { get; init; } = 10_000;
    public int HistoryDays { get; init; }

    public static BenchArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var parsed = new BenchArguments();
        var scenarios = new List<string>();
        for (var i = 0; i < args.Count && error is null; i++)
        {
            var arg = args[i];
            if (KnownScenarios.Contains(arg, StringComparer.Ordinal))
            {
                scenarios.Add(arg);
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error = arg.StartsWith("--", StringComparison.Ordinal) ? $"{arg} needs a value" : $"unknown scenario '{arg}'";
                break;
            }

            var value = args[++i];
            parsed = arg switch
            {
                "--iterations" => parsed with { Iterations = Bounded(arg, value, 1, 200, ref error) },
                "--containers" => parsed with { Containers = Bounded(arg, value, 1, 300, ref error) },
                "--instances" => parsed with { Instances = Bounded(arg, value, 1, 15_000, ref error) },
                "--repeat" => parsed with { Repeat = Bounded(arg, value, 1, 50, ref error) },
                "--duration" => parsed with { Duration = Bounded(arg, value, 5, 300, ref error) },
                "--hosts" => parsed with { HostCount = Bounded(arg, value, 1, 50, ref error) },
                "--scale-instances" => parsed with { ScaleInstances = Bounded(arg, value, 1, 15_000, ref error) },
                "--history-days" => parsed with { HistoryDays = Bounded(arg, value, 1, 90, ref error) },
                "--docker-host" => parsed with { DockerHost = value },
                "--podman" => parsed with { Podman = value },
                "--dockerd-host" => parsed with { DockerdHost = value },
                "--docker" => parsed with { Docker = value },
                "--dockerd-marker" => parsed with { DockerdMarker = value },
                "--podman-marker" => parsed with { PodmanMarker = value },
                "--doc" => parsed with { DocPath = value },
                "--service" => parsed with { Service = value },
                "--baseline" => parsed with { Baseline = value },
                _ => Unknown(parsed, arg, ref error),
            };
        }

        return error is null ? parsed with { Scenarios = scenarios.Count == 0 ? AllScenarios : scenarios.Distinct().ToArray() } : null;
    }

    private static int Bounded(string name, string value, int min, int max, ref string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        error = $"{name} must be a whole number from {min} to {max}";
        return min;
    }

    private static BenchArguments Unknown(BenchArguments parsed, string arg, ref string? error)
    {
        error = $"unknown option or scenario '{arg}'";
        return parsed;
    }
}
