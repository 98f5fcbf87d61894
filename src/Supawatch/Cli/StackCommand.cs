using System.CommandLine;
using Supawatch.Discovery;
using Supawatch.Stack;

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

    private static readonly Option<StackRuntime> RuntimeOption = new("--runtime")
    {
        Description = "docker (docker compose), native (binaries on PATH) or auto (docker when its engine answers); setup records it for the other verbs",
        DefaultValueFactory = _ => StackRuntime.Auto,
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

            return await run(new StackContext(layout, settings), cancellationToken);
        });
        return command;
    }

    private static async Task<int> SetupAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (GlobalOptions.Load(parse, Console.Error) is not { } global)
        {
            return ExitCodes.BadConfiguration;
        }

        var flags = StackFlags.Select(f => new KeyValuePair<string, string?>(f.Key, parse.GetValue(f.Option))).Where(f => f.Value is not null).ToList();
        if (parse.GetValue(AlertmanagerPeerOption) is { Length: > 0 } peers)
        {
            flags.Add(new("Stack:AlertmanagerPeers", string.Join(',', peers)));
        }

        var configuration = new ConfigurationBuilder().AddConfiguration(global).AddInMemoryCollection(flags).Build();
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

        var runtime = parse.GetValue(RuntimeOption);
        if (runtime == StackRuntime.Auto)
        {
            runtime = await DockerCompose.IsAvailableAsync(cancellationToken) ? StackRuntime.Docker : StackRuntime.Native;
            Console.WriteLine($"runtime: {runtime.ToString().ToLowerInvariant()} ({(runtime == StackRuntime.Docker ? "a Docker engine answers" : "no Docker engine answers; binaries on PATH")})");
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

        var layout = new StackLayout(parse.GetValue(DirOption)!.FullName);
        var settings = new StackSettings(runtime, ports, parse.GetValue(GlobalOptions.Config)?.FullName, cluster);
        var input = new StackSetupInput(
            settings,
            options,
            ConfigCommand.Load(configuration),
            configuration.GetSection(PrometheusOptions.Section).Get<PrometheusOptions>()?.ScrapeInterval ?? new PrometheusOptions().ScrapeInterval,
            ShippedGrafana(),
            FindBuildContext(),
            credentials);

        Console.WriteLine($"setting up {layout.Root} ...");
        var result = await new StackSetup(layout).RunAsync(input, parse.GetValue(ForceOption), cancellationToken);
        var changed = result.Changes.Where(c => c.Kind != FileChangeKind.Unchanged).ToList();
        changed.ForEach(c => Console.WriteLine(c.ToString()));
        Console.WriteLine(changed.Count == 0 ? "no file changed" : $"{changed.Count} file(s) changed, {result.Changes.Count - changed.Count} unchanged");
        result.Warnings.ForEach(w => Console.Error.WriteLine($"warning: {w}"));
        if (!result.Ok)
        {
            result.Errors.ForEach(e => Console.Error.WriteLine($"error: {e}"));
            Console.Error.WriteLine("error: the stack was not started");
            return ExitCodes.Failed;
        }

        Console.WriteLine($"Grafana admin password: in {layout.Relative(layout.GrafanaPasswordFile)} (readable by its owner only; user admin)");
        if (parse.GetValue(NoStartOption))
        {
            return ExitCodes.Ok;
        }

        var context = new StackContext(layout, settings);
        if (changed.Count > 0 && await StopAsync(context, quiet: true, cancellationToken) != ExitCodes.Ok)
        {
            return ExitCodes.Failed;
        }

        return await StartAsync(context, cancellationToken);
    }

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
        if (context.Settings.Runtime == StackRuntime.Docker)
        {
            try
            {
                var (allRunning, table) = await new DockerCompose(context.Layout, Console.Out).StatusAsync(cancellationToken);
                Console.Write(table);
                return allRunning ? ExitCodes.Ok : ExitCodes.Failed;
            }
            catch (StackException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Failed;
            }
        }

        var statuses = await context.Native(Console.Out).StatusAsync(ComponentVersion.ReadAsync, cancellationToken);
        Console.WriteLine($"{"component",-15} {"state",-14} {"pid",-8} {"url",-30} version");
        foreach (var status in statuses)
        {
            Console.WriteLine($"{status.Component,-15} {status.State,-14} {status.Pid?.ToString() ?? "-",-8} {status.Url,-30} {status.Version}");
        }

        var ports = context.Settings.Ports;
        Console.WriteLine($"status page: {ports.Url(ports.Status)}/status");
        return statuses.All(s => s.IsRunning || s.State == ComponentStates.NotInstalled && s.Component == StackComponents.Grafana)
            ? ExitCodes.Ok
            : ExitCodes.Failed;
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
        public NativeSupervisor Native(TextWriter output) => new(
            Layout,
            NativeComponents.Plan(Layout, Settings, NativeComponents.CurrentSupawatch(Path.Combine(AppContext.BaseDirectory, "supawatch.dll"))),
            output);
    }
}
