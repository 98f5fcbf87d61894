using System.CommandLine;
using Supawatch.Configuration;
using Supawatch.Stack;
using Supawatch.Targets;

namespace Supawatch.Cli;

/// <summary><c>stack setup</c>: merge what setup is told now with what it was told before, check it, render the folder, and apply it to the running stack.</summary>
internal static class StackSetupCommand
{
    public static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // What setup was told before, updated with what it is told now: a flag or a variable given now wins,
        // everything else stays as recorded (docs/stack.md, "Re-running setup").
        var layout = new StackLayout(parse.GetValue(StackCommand.DirOption)!.FullName);
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

        var flags = StackFlags.Merge(previous?.Flags, StackFlags.Given(parse), environment, settingChanges);
        var configuration = new ConfigurationBuilder().AddConfiguration(global).AddInMemoryCollection(flags!).Build();
        StackOptions options;
        try
        {
            options = StackOptions.From(configuration);
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine($"error: a port is not a number: {ex.InnerException?.Message ?? ex.Message}");
            return ExitCodes.BadConfiguration;
        }

        var runtime = await StackRuntimeChoice.ChooseAsync(parse.GetValue(StackCommand.RuntimeOption), previous, cancellationToken);
        if (previous is not null && previous.Runtime != runtime)
        {
            settingChanges.Add($"runtime: {StackCommand.Name(previous.Runtime)} -> {StackCommand.Name(runtime)}");
        }

        var ports = StackPorts.From(options);
        var problems = PortProblems(ports, runtime);
        if (options.Omitted().Except(StackOptions.OptionalComponents).ToList() is { Count: > 0 } unknown)
        {
            problems.Add($"--without {string.Join(',', unknown)}: only {string.Join(" and ", StackOptions.OptionalComponents)} can be left out");
        }

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
            PrometheusOptions.From(configuration).ScrapeInterval,
            StackAssets.ShippedGrafana(),
            StackAssets.FindBuildContext(),
            credentials,
            variables);

        Console.WriteLine($"setting up {layout.Root} ...");
        settingChanges.ForEach(c => Console.WriteLine($"setting   {c}"));
        var result = await new StackSetup(layout).RunAsync(input, parse.GetValue(StackCommand.ForceOption), cancellationToken);
        result.Changes.Where(c => c.Kind != FileChangeKind.Unchanged).ToList().ForEach(c => Console.WriteLine(c.ToString()));
        var changed = result.Changes.Count(c => c.IsChange);
        Console.WriteLine(changed == 0 ? "no file changed" : $"{changed} file(s) changed, {result.Changes.Count - changed} unchanged");
        result.Warnings.ForEach(w => Console.Error.WriteLine($"warning: {w}"));
        var context = new StackContext(layout, settings);
        if (!result.Ok)
        {
            result.Errors.ForEach(e => Console.Error.WriteLine($"error: {e}"));
            var running = previous is not null && new StackContext(layout, previous).Runtime(quiet: true).AnyRunning();
            Console.Error.WriteLine(running
                ? "error: nothing was restarted or reloaded: the running stack keeps its last good configuration until you fix the file named above and run setup again"
                : "error: the stack was not started");
            return ExitCodes.Failed;
        }

        Console.WriteLine($"Grafana admin password: in {layout.Relative(layout.GrafanaPasswordFile)} (readable by its owner only; user admin)");
        if (parse.GetValue(StackCommand.NoStartOption))
        {
            // The systemd runtime's units are rendered and verified here too, to be read before anything is installed.
            return context.Runtime() is SystemdStackRuntime systemd ? await RenderUnitsAsync(systemd, cancellationToken) : ExitCodes.Ok;
        }

        if (previous is not null && previous.Runtime != runtime && await StackVerbs.StopAsync(new StackContext(layout, previous), quiet: true, cancellationToken) != ExitCodes.Ok)
        {
            return ExitCodes.Failed;
        }

        try
        {
            // Native: only what changed is restarted (settings) or reloaded (files); the rest keeps running.
            await context.Runtime().ApplyAsync(changed > 0 || settingChanges.Count > 0, previous is null, cancellationToken);
        }
        catch (StackException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failed;
        }

        return await StackVerbs.StatusAsync(context, json: false, cancellationToken);
    }

    private static async Task<int> RenderUnitsAsync(SystemdStackRuntime systemd, CancellationToken cancellationToken)
    {
        try
        {
            await systemd.RenderAsync(cancellationToken);
            return ExitCodes.Ok;
        }
        catch (StackException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failed;
        }
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
}
