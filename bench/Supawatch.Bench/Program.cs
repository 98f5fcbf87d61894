using Supawatch.Bench;
using Supawatch.Bench.DiscoveryLatency;
using Supawatch.Bench.Exporter;
using Supawatch.Bench.Load;
using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;
using Supawatch.Bench.Scaling;

// The discovery and exporter benchmarks. bench/run.sh prepares podman and runs each scenario in its own process,
// so one scenario's memory never shows up in another's numbers.
if (args.Length > 0 && args[0] == SyntheticEngineProcess.Verb)
{
    return await SyntheticEngineProcess.RunAsChildAsync(args);
}

var arguments = BenchArguments.Parse(args, out var error);
if (arguments is null)
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(BenchArguments.Usage);
    return 2;
}

if (arguments.Service is { } service && !File.Exists(service))
{
    Console.Error.WriteLine($"error: --service {service} does not exist; build it with 'bash scripts/publish.sh'");
    return 2;
}

SupawatchService.NativeBinary = arguments.Service is null ? null : Path.GetFullPath(arguments.Service);

// load-1000 runs eight bounded wrk runs of --duration seconds each, plus start-up; hosts-10000 starts 20 engines
// and discovers 30,000 containers, which alone takes minutes on a loaded 2-core machine: room for both, still bounded.
// stats-300 starts and removes 300 containers on Docker Engine (about 0.5 s of engine work each) and sweeps them
// through the stats API: 11 minutes at load 40-77 (2026-12-06), so 20.
var budget = TimeSpan.FromMinutes(arguments.Scenarios.Contains(BenchArguments.StatsLarge) ? 20 : arguments.Scenarios.Contains(BenchArguments.Hosts) || arguments.Scenarios.Contains(BenchArguments.MemoryFloorLarge) || arguments.Scenarios.Contains(BenchArguments.ReconcileLarge) ? 12 : 7)
    + (arguments.Scenarios.Contains(BenchArguments.Load) ? TimeSpan.FromSeconds(arguments.Duration * 8 * Supawatch.Bench.Load.LoadScenario.Passes * 1.5) : TimeSpan.Zero);
using var cancel = new CancellationTokenSource(budget);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var machine = MachineInfo.Read();
var missed = new List<string>();
foreach (var scenario in arguments.Scenarios)
{
    ScenarioReport report;
    try
    {
        report = scenario switch
        {
            BenchArguments.DiscoveryLatency => await new DiscoveryLatencyScenario(arguments, machine, Console.Error).RunAsync(cancel.Token),
            BenchArguments.Metrics => await new MetricsScenario(arguments, machine, Console.Error).RunAsync(cancel.Token),
            BenchArguments.Stats or BenchArguments.StatsLarge => await new StatsSweepScenario(scenario, arguments, machine, Console.Error).RunAsync(cancel.Token),
            BenchArguments.ScrapeCost => await new ScrapeCostScenario(arguments, machine, Console.Error).RunAsync(cancel.Token),
            BenchArguments.Load => await new LoadScenario(arguments, machine, Console.Error).RunAsync(cancel.Token),
            BenchArguments.Hosts => await new HostsScenario(arguments, machine, Console.Error).RunAsync(cancel.Token),
            BenchArguments.TenantDb => await new Supawatch.Bench.TenantDb.TenantDbScenario(machine, Console.Error).RunAsync(cancel.Token),
            BenchArguments.MemoryFloor => await new Supawatch.Bench.Memory.MemoryFloorScenario(arguments.Instances, 1, arguments.HistoryDays, machine, Console.Error).RunAsync(cancel.Token),
            BenchArguments.MemoryFloorLarge => await new Supawatch.Bench.Memory.MemoryFloorScenario(arguments.ScaleInstances, arguments.HostCount, arguments.HistoryDays, machine, Console.Error).RunAsync(cancel.Token),
            BenchArguments.ReconcileLarge => await new Supawatch.Bench.Scaling.WarmReconcileScenario(arguments, machine, Console.Error).RunAsync(cancel.Token),
            BenchArguments.History => await new Supawatch.Bench.Memory.HistoryHeapScenario(arguments, machine, Console.Error).RunAsync(cancel.Token),
            BenchArguments.StatusPages => await new Supawatch.Bench.Status.StatusPagesScenario(arguments, machine, Console.Error).RunAsync(cancel.Token),
            _ => await new ReconcileScenario(arguments, machine, Console.Error).RunAsync(cancel.Token),
        };
    }
    catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or HttpRequestException or OperationCanceledException or System.Data.Common.DbException)
    {
        Console.Error.WriteLine($"error: {scenario} could not be measured: {ex.Message}");
        return 1;
    }

    Console.WriteLine(report.Markdown);
    Console.WriteLine();
    missed.AddRange(report.MissedGoals);
    if (arguments.DocPath is not null)
    {
        PerformanceDoc.Update(arguments.DocPath, report.Scenario, report.Markdown);
        Console.Error.WriteLine($"{scenario}: wrote its section of {arguments.DocPath}");
    }
}

foreach (var goal in missed)
{
    Console.WriteLine($"GOAL MISSED: {goal}");
}

// A missed goal is a finding, reported in the output and the doc; only a failed measurement fails the run.
return 0;
