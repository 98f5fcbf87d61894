using System.CommandLine;
using Supawatch.Configuration;
using Supawatch.Stack;
using Supawatch.Targets;

namespace Supawatch.Cli;

/// <summary>
/// <c>supawatch stack setup|start|stop|restart|status</c>: render the monitoring folder and run it, with
/// <c>docker compose</c> or as native background processes. The work is in <c>Supawatch.Stack</c>.
/// </summary>
public static class StackCommand
{
    private static readonly Option<DirectoryInfo> DirOption = new("--dir")
    {
        Description = $"The monitoring folder (default {StackLayout.DefaultDirectory})",
        DefaultValueFactory = _ => new DirectoryInfo(StackLayout.DefaultDirectory),
    };

    private static readonly Option<StackRuntime?> RuntimeOption = new("--runtime")
    {
        Description = "docker (docker compose), native (binaries on PATH) or auto (docker when its engine and a compose with 'up --wait' answer); setup records it for the other verbs and its re-runs (default: the recorded one, else auto)",
    };

    private static readonly Option<bool> ForceOption = new("--force") { Description = "Overwrite generated files you edited (otherwise kept, the new version written as FILE.new)" };
    private static readonly Option<bool> NoStartOption = new("--no-start") { Description = "Render and validate only" };

    private static readonly (Option<string?> Option, string Key)[] StackFlags =
    [
        (new("--bind") { Description = "Address the stack listens on (SUPAWATCH_STACK_BIND, default 127.0.0.1)" }, "Stack:Bind"),
        (new("--prometheus-port") { Description = "Prometheus port (default 9090)" }, "Stack:PrometheusPort"),
        (new("--alertmanager-port") { Description = "Alertmanager port (default 9093)" }, "Stack:AlertmanagerPort"),
        (new("--grafana-port") { Description = "Grafana port (default 3001)" }, "Stack:GrafanaPort"),
        (new("--node-exporter-port") { Description = "node_exporter port (default 9100)" }, "Stack:NodeExporterPort"),
        (new("--supawatch-port") { Description = "Supawatch metrics and API port (default 9200)" }, "Stack:SupawatchPort"),
        (new("--status-port") { Description = "Supawatch status page port (default 8080)" }, "Stack:StatusPort"),
        (new("--cadvisor-port") { Description = "cAdvisor port, docker runtime (default 8081)" }, "Stack:CadvisorPort"),
        (new("--alertmanager-cluster-listen") { Description = "Where Alertmanager gossips with its peers, ip:port (SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN, default <bind>:9094)" }, "Stack:AlertmanagerClusterListen"),
        (new("--alertmanager-cluster-advertise") { Description = "The ip:port the peers reach this Alertmanager on (SUPAWATCH_ALERTMANAGER_CLUSTER_ADVERTISE, default the listen address)" }, "Stack:AlertmanagerClusterAdvertise"),
    ];

    private const string PeersKey = "Stack:AlertmanagerPeers";

    private static readonly Option<string[]> AlertmanagerPeerOption = new("--alertmanager-peer")
    {
        Description = "Another Alertmanager of the cluster, host:port of its gossip listener; repeat per peer (SUPAWATCH_ALERTMANAGER_PEERS, comma-separated). None: clustering off",
    };

    public static Command Create()
    {
        var command = new Command("stack", "Render and run the monitoring stack: Prometheus, Alertmanager, Grafana, exporters and Supawatch");
        var setup = new Command("setup", "Render the folder, validate it with promtool/amtool, and start (or restart) the stack");
        setup.Options.Add(ForceOption);
        setup.Options.Add(NoStartOption);
        foreach (var (option, _) in StackFlags)
        {
            setup.Options.Add(option);
        }

        setup.Options.Add(AlertmanagerPeerOption);

        setup.SetAction(SetupAsync);
        command.Subcommands.Add(setup);
        command.Subcommands.Add(Verb("start", "Start every component; already-running ones are left alone", StartAsync));
        command.Subcommands.Add(Verb("stop", "Stop exactly what start started", StopAsync));
        command.Subcommands.Add(Verb("restart", "Stop, then start", async (context, cancellationToken) =>
        {
            var stopped = await StopAsync(context, cancellationToken);
            return stopped == ExitCodes.Ok ? await StartAsync(context, cancellationToken) : stopped;
        }));
        command.Subcommands.Add(Verb("status", "Each component: state, URL, version; exit 1 when one is not running", StatusAsync));
        foreach (var verb in command.Subcommands)
        {
            verb.Options.Add(DirOption);
            verb.Options.Add(RuntimeOption);
        }

        return command;
    }

    private static Command Verb(string name, string description, Func<StackContext, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var layout = new StackLayout(parse.GetValue(DirOption)!.FullName);
            var settings = StackSettings.Load(layout.Root);
            if (settings is null)
            {
                Console.Error.WriteLine($"error: {layout.Root} holds no {StackSettings.FileName}; run 'supawatch stack setup --dir {layout.Root}' first");
                return ExitCodes.Failed;
            }

            if (parse.GetValue(RuntimeOption) is { } runtime && runtime != StackRuntime.Auto && runtime != settings.Runtime)
            {
                Console.Error.WriteLine($"error: {layout.Root} was set up for the {Name(settings.Runtime)} runtime; to change it run 'supawatch stack setup --dir {layout.Root} --runtime {Name(runtime)}'");
                return ExitCodes.BadConfiguration;
            }

            if (settings.Variables is null)
            {
                Console.Error.WriteLine($"warning: {layout.Relative(Path.Combine(layout.Root, StackSettings.FileName))} was written before setup recorded Supawatch's variables, so Supawatch takes this shell's; run 'supawatch stack setup --dir {layout.Root}' once (with them exported) to record them");
            }

            return await run(new StackContext(layout, settings), cancellationToken);
        });
        return command;
    }

    private static async Task<int> SetupAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // What setup was told before, updated with what it is told now: a flag or a variable given now wins,
        // everything else stays as recorded (docs/stack.md, "Re-running setup").
        var layout = new StackLayout(parse.GetValue(DirOption)!.FullName);
        var previous = StackSettings.Load(layout.Root);
        var settingChanges = new List<string>();
        var recorded = previous is null ? new Dictionary<string, string>() : RecordedVariables.Load(layout, previous);
        var environment = SupawatchConfiguration.CurrentEnvironment();
        var variables = RecordedVariables.Merge(recorded, environment, settingChanges);
        var configFile = parse.GetValue(GlobalOptions.Config)?.FullName ?? previous?.ConfigFile;
        if (configFile != previous?.ConfigFile && previous is not null)
        {
            settingChanges.Add($"--config: {previous.ConfigFile ?? "(none)"} -> {configFile}");
        }

        if (GlobalOptions.Load(parse, Console.Error, variables, configFile) is not { } global)
        {
            return ExitCodes.BadConfiguration;
        }

        var flags = MergeFlags(previous?.Flags, GivenFlags(parse), environment, settingChanges);
        var configuration = new ConfigurationBuilder().AddConfiguration(global).AddInMemoryCollection(flags!).Build();
        StackOptions options;
        try
        {
            options = configuration.GetSection(StackOptions.Section).Get<StackOptions>() ?? new();
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine($"error: a port is not a number: {ex.InnerException?.Message ?? ex.Message}");
            return ExitCodes.BadConfiguration;
        }

        var runtime = await ChooseRuntimeAsync(parse.GetValue(RuntimeOption), previous, cancellationToken);
        if (previous is not null && previous.Runtime != runtime)
        {
            settingChanges.Add($"runtime: {Name(previous.Runtime)} -> {Name(runtime)}");
        }

        var ports = StackPorts.From(options);
        var problems = PortProblems(ports, runtime);
        var cluster = AlertmanagerCluster.From(options, problems);
        if (cluster is not null && ports.All(runtime).FirstOrDefault(p => cluster.ListenAddress.EndsWith($":{p.Port}", StringComparison.Ordinal)) is { Component: not null } taken)
        {
            problems.Add($"Alertmanager's gossip port {cluster.ListenAddress} is {taken.Component}'s; move it with SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN (--alertmanager-cluster-listen) or {taken.Flag}");
        }

        if (problems.Count > 0)
        {
            problems.ForEach(p => Console.Error.WriteLine($"error: {p}"));
            return ExitCodes.BadConfiguration;
        }

        var credentialErrors = new List<string>();
        var credentials = ScrapeCredentials.Load(configuration, credentialErrors);
        if (credentialErrors.Count > 0)
        {
            credentialErrors.ForEach(e => Console.Error.WriteLine($"error: {e}"));
            return ExitCodes.BadConfiguration;
        }

        var settings = new StackSettings(runtime, ports, configFile, cluster, RecordedVariables.Public(variables), RecordedVariables.SecretNames(variables), flags);
        var input = new StackSetupInput(
            settings,
            options,
            ConfigCommand.Load(configuration),
            configuration.GetSection(PrometheusOptions.Section).Get<PrometheusOptions>()?.ScrapeInterval ?? new PrometheusOptions().ScrapeInterval,
            ShippedGrafana(),
            FindBuildContext(),
            credentials,
            variables);

        Console.WriteLine($"setting up {layout.Root} ...");
        settingChanges.ForEach(c => Console.WriteLine($"setting   {c}"));
        var result = await new StackSetup(layout).RunAsync(input, parse.GetValue(ForceOption), cancellationToken);
        result.Changes.Where(c => c.Kind != FileChangeKind.Unchanged).ToList().ForEach(c => Console.WriteLine(c.ToString()));
        var changed = result.Changes.Count(c => c.IsChange);
        Console.WriteLine(changed == 0 ? "no file changed" : $"{changed} file(s) changed, {result.Changes.Count - changed} unchanged");
        result.Warnings.ForEach(w => Console.Error.WriteLine($"warning: {w}"));
        var context = new StackContext(layout, settings);
        if (!result.Ok)
        {
            result.Errors.ForEach(e => Console.Error.WriteLine($"error: {e}"));
            var running = previous is not null && new StackContext(layout, previous).IsRunning();
            Console.Error.WriteLine(running
                ? "error: nothing was restarted or reloaded: the running stack keeps its last good configuration until you fix the file named above and run setup again"
                : "error: the stack was not started");
            return ExitCodes.Failed;
        }

        Console.WriteLine($"Grafana admin password: in {layout.Relative(layout.GrafanaPasswordFile)} (readable by its owner only; user admin)");
        if (parse.GetValue(NoStartOption))
        {
            return ExitCodes.Ok;
        }

        if (previous is not null && previous.Runtime != runtime && await StopAsync(new StackContext(layout, previous), quiet: true, cancellationToken) != ExitCodes.Ok)
        {
            return ExitCodes.Failed;
        }

        if (runtime == StackRuntime.Native)
        {
            // Only what changed is restarted (settings) or reloaded (files); the rest keeps running.
            try
            {
                if (await context.Native(Console.Out).ApplyAsync(cancellationToken) == 0 && previous is not null)
                {
                    Console.WriteLine("every running component already runs this configuration");
                }
            }
            catch (StackException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Failed;
            }

            return await StatusAsync(context, cancellationToken);
        }

        if ((changed > 0 || settingChanges.Count > 0) && await StopAsync(context, quiet: true, cancellationToken) != ExitCodes.Ok)
        {
            return ExitCodes.Failed;
        }

        return await StartAsync(context, cancellationToken);
    }

    /// <summary>The runtime asked for; without <c>--runtime</c>, the recorded one; <c>auto</c> asks Docker and compose, and says why.</summary>
    private static async Task<StackRuntime> ChooseRuntimeAsync(StackRuntime? asked, StackSettings? previous, CancellationToken cancellationToken)
    {
        if (asked is null && previous is not null)
        {
            Console.WriteLine($"runtime: {Name(previous.Runtime)} (recorded in {StackSettings.FileName}; --runtime changes it)");
            return previous.Runtime;
        }

        if (asked is { } explicitRuntime && explicitRuntime != StackRuntime.Auto)
        {
            return explicitRuntime;
        }

        var detection = await DockerCompose.DetectAsync(cancellationToken);
        var runtime = detection.Usable ? StackRuntime.Docker : StackRuntime.Native;
        Console.WriteLine($"runtime: {Name(runtime)} ({detection.Reason}{(detection.Usable ? "" : "; using the binaries on PATH")})");
        return runtime;
    }

    private static List<KeyValuePair<string, string>> GivenFlags(ParseResult parse)
    {
        var given = StackFlags.Select(f => new KeyValuePair<string, string?>(f.Key, parse.GetValue(f.Option))).Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)).ToList();
        if (parse.GetValue(AlertmanagerPeerOption) is { Length: > 0 } peers)
        {
            given.Add(new(PeersKey, string.Join(',', peers)));
        }

        return given;
    }

    /// <summary>
    /// The recorded setup flags updated with the ones given now. A variable set now (<c>SUPAWATCH_STACK_BIND</c>)
    /// replaces the flag recorded for the same setting, so what the user gives now always wins.
    /// </summary>
    private static SortedDictionary<string, string> MergeFlags(IReadOnlyDictionary<string, string>? recorded, List<KeyValuePair<string, string>> given, IReadOnlyDictionary<string, string> environment, List<string> changes)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in recorded ?? new Dictionary<string, string>())
        {
            var variable = SeedVariables.NameFor(key);
            if (variable != key && environment.ContainsKey(variable))
            {
                changes.Add($"{FlagName(key)} {value}: replaced by {variable}");
                continue;
            }

            merged[key] = value;
        }

        foreach (var (key, value) in given)
        {
            if (merged.TryGetValue(key, out var before) && before == value)
            {
                continue;
            }

            if (recorded is not null)
            {
                changes.Add(before is null ? $"{FlagName(key)}: set to {value}" : $"{FlagName(key)}: {before} -> {value}");
            }

            merged[key] = value;
        }

        return merged;
    }

    private static string FlagName(string key) =>
        key == PeersKey ? AlertmanagerPeerOption.Name : StackFlags.FirstOrDefault(f => f.Key == key).Option?.Name ?? key;

    private static string Name(StackRuntime runtime) => runtime.ToString().ToLowerInvariant();

    private static async Task<int> StartAsync(StackContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Settings.Runtime == StackRuntime.Docker)
            {
                await new DockerCompose(context.Layout, Console.Out).StartAsync(FindBuildContext() is not null, cancellationToken);
            }
            else
            {
                await context.Native(Console.Out).StartAsync(cancellationToken);
            }
        }
        catch (StackException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failed;
        }

        return await StatusAsync(context, cancellationToken);
    }

    private static Task<int> StopAsync(StackContext context, CancellationToken cancellationToken) => StopAsync(context, quiet: false, cancellationToken);

    private static async Task<int> StopAsync(StackContext context, bool quiet, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Settings.Runtime == StackRuntime.Docker)
            {
                await new DockerCompose(context.Layout, Console.Out).StopAsync(cancellationToken);
            }
            else
            {
                await context.Native(quiet ? TextWriter.Null : Console.Out).StopAsync();
            }

            return ExitCodes.Ok;
        }
        catch (StackException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failed;
        }
    }

    private static async Task<int> StatusAsync(StackContext context, CancellationToken cancellationToken)
    {
        var ports = context.Settings.Ports;
        if (context.Settings.Runtime == StackRuntime.Docker)
        {
            try
            {
                var (allRunning, table) = await new DockerCompose(context.Layout, Console.Out).StatusAsync(cancellationToken);
                Console.Write(table);
                return allRunning && await MonitoringAsync(context, cancellationToken) ? ExitCodes.Ok : ExitCodes.Failed;
            }
            catch (StackException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Failed;
            }
        }

        var statuses = (await context.Native(Console.Out).StatusAsync(ComponentVersion.ReadAsync, cancellationToken)).ToList();
        var supawatch = statuses.FindIndex(s => s.Component == StackComponents.Supawatch && s.IsRunning);
        IReadOnlyList<string>? problems = null;
        if (supawatch >= 0 && (problems = await MonitoringProblemsAsync(context, cancellationToken)) is not null)
        {
            statuses[supawatch] = statuses[supawatch] with { State = ComponentStates.Degraded };
        }

        Console.WriteLine($"{"component",-15} {"state",-14} {"pid",-8} {"url",-30} version");
        foreach (var status in statuses)
        {
            Console.WriteLine($"{status.Component,-15} {status.State,-14} {status.Pid?.ToString() ?? "-",-8} {status.Url,-30} {status.Version}");
        }

        Console.WriteLine($"status page: {ports.Url(ports.Status)}/status");
        PrintDegraded(context, problems);
        return problems is null && statuses.All(s => s.IsRunning || s.State == ComponentStates.NotInstalled && s.Component == StackComponents.Grafana)
            ? ExitCodes.Ok
            : ExitCodes.Failed;
    }

    private static async Task<bool> MonitoringAsync(StackContext context, CancellationToken cancellationToken)
    {
        var problems = await MonitoringProblemsAsync(context, cancellationToken);
        PrintDegraded(context, problems);
        return problems is null;
    }

    /// <summary>What the running Supawatch cannot see (its Docker hosts, the master DB), asked with the recorded credentials.</summary>
    private static async Task<IReadOnlyList<string>?> MonitoringProblemsAsync(StackContext context, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        ScrapeCredentials? credentials = null;
        try
        {
            credentials = ScrapeCredentials.Load(SupawatchConfiguration.Build(context.Settings.ConfigFile, context.Variables), errors);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException)
        {
            // Without credentials the check falls back to /readyz, which is open.
        }

        var ports = context.Settings.Ports;
        return await MonitoringCheck.ProblemsAsync(ports.Url(ports.Supawatch), credentials, TimeSpan.FromSeconds(15), cancellationToken);
    }

    private static void PrintDegraded(StackContext context, IReadOnlyList<string>? problems)
    {
        if (problems is null)
        {
            return;
        }

        Console.WriteLine("supawatch is degraded: it runs but does not see what it monitors:");
        foreach (var problem in problems)
        {
            Console.WriteLine($"  {problem}");
        }

        Console.WriteLine($"fix the variable it names (DOCKER_HOST, DOCKER_HOSTS, MASTER_DB_URL), then run 'supawatch stack setup --dir {context.Layout.Root}' again");
    }

    private static List<string> PortProblems(StackPorts ports, StackRuntime runtime)
    {
        var problems = new List<string>();
        foreach (var (component, port, flag) in ports.All(runtime))
        {
            if (port is < 1 or > 65535)
            {
                problems.Add($"{component}: port {port} is not between 1 and 65535; fix {flag}");
            }
        }

        foreach (var clash in ports.All(runtime).GroupBy(p => p.Port).Where(g => g.Count() > 1))
        {
            problems.Add($"port {clash.Key} is given to {string.Join(" and ", clash.Select(c => c.Component))}; move one with {clash.Last().Flag}");
        }

        return problems;
    }

    /// <summary>The repository's <c>grafana/</c> tree, embedded at build time (whatever existed then; possibly nothing).</summary>
    internal static IReadOnlyList<GrafanaAsset> ShippedGrafana()
    {
        var assembly = typeof(StackCommand).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("grafana/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return new GrafanaAsset(n["grafana/".Length..].Replace('\\', '/'), memory.ToArray());
            })
            .ToList();
    }

    /// <summary>The checkout this Supawatch was built in, when it has the Dockerfile: compose builds the image from it.</summary>
    private static string? FindBuildContext()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dockerfile")) && File.Exists(Path.Combine(directory.FullName, "Supawatch.slnx")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private sealed record StackContext(StackLayout Layout, StackSettings Settings)
    {
        /// <summary>The seed variables setup recorded, secrets included: what Supawatch runs with, whatever this shell says.</summary>
        public IReadOnlyDictionary<string, string> Variables => field ??= RecordedVariables.Load(Layout, Settings);

        public NativeSupervisor Native(TextWriter output) => new(
            Layout,
            NativeComponents.Plan(Layout, Settings, NativeComponents.CurrentSupawatch(Path.Combine(AppContext.BaseDirectory, "supawatch.dll")), Variables),
            output);

        public bool IsRunning() => Settings.Runtime == StackRuntime.Native ? Native(TextWriter.Null).AnyRunning() : File.Exists(Layout.ComposeFile);
    }
}
