using System.CommandLine;
using Supawatch.Stack;

namespace Supawatch.Cli;

/// <summary>
/// <c>supawatch stack setup|start|stop|restart|status</c>: render the monitoring folder and run it, with
/// <c>docker compose</c> or as native background processes. The work is in <c>Supawatch.Stack</c>.
/// </summary>
public static class StackCommand
{
    internal static readonly Option<DirectoryInfo> DirOption = new("--dir")
    {
        Description = $"The monitoring folder (default {StackLayout.DefaultDirectory})",
        DefaultValueFactory = _ => new DirectoryInfo(StackLayout.DefaultDirectory),
    };

    internal static readonly Option<StackRuntime?> RuntimeOption = new("--runtime")
    {
        Description = "docker (docker compose), native (binaries on PATH, supervised by Supawatch), systemd (the same binaries as system units, started at boot; needs root) or auto (docker when its engine and a compose — plugin, v2 or 1.27+ — answer; else systemd when it is PID 1 and setup runs as root; else native); setup records it for the other verbs and its re-runs (default: the recorded one, else auto)",
    };

    internal static readonly Option<bool> ForceOption = new("--force") { Description = "Overwrite generated files you edited (otherwise kept, the new version written as FILE.new)" };
    internal static readonly Option<bool> NoStartOption = new("--no-start") { Description = "Render and validate only" };

    public static Command Create()
    {
        var command = new Command("stack", "Render and run the monitoring stack: Prometheus, Alertmanager, Grafana, exporters and Supawatch");
        var setup = new Command("setup", "Render the folder, validate it with promtool/amtool, and start (or restart) the stack");
        setup.Options.Add(ForceOption);
        setup.Options.Add(NoStartOption);
        foreach (var (option, _) in StackFlags.All)
        {
            setup.Options.Add(option);
        }

        setup.Options.Add(StackFlags.AlertmanagerPeerOption);
        setup.Options.Add(StackFlags.DemoOption);

        setup.SetAction(StackSetupCommand.RunAsync);
        command.Subcommands.Add(setup);
        command.Subcommands.Add(Verb("start", "Start every component; already-running ones are left alone", StackVerbs.StartAsync));
        command.Subcommands.Add(Verb("stop", "Stop exactly what start started", StackVerbs.StopAsync));
        command.Subcommands.Add(Verb("restart", "Stop, then start", async (context, cancellationToken) =>
        {
            var stopped = await StackVerbs.StopAsync(context, cancellationToken);
            return stopped == ExitCodes.Ok ? await StackVerbs.StartAsync(context, cancellationToken) : stopped;
        }));
        var json = JsonOutput.Create();
        var status = Verb("status", "Each component: state, URL, version, restarts; exit 1 when one is not running",
            (parse, context, cancellationToken) => StackVerbs.StatusAsync(context, parse.GetValue(json), cancellationToken));
        status.Options.Add(json);
        command.Subcommands.Add(status);
        foreach (var verb in command.Subcommands)
        {
            verb.Options.Add(DirOption);
            verb.Options.Add(RuntimeOption);
        }

        return command;
    }

    private static Command Verb(string name, string description, Func<StackContext, CancellationToken, Task<int>> run) =>
        Verb(name, description, (_, context, cancellationToken) => run(context, cancellationToken));

    private static Command Verb(string name, string description, Func<ParseResult, StackContext, CancellationToken, Task<int>> run)
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

            return await run(parse, new StackContext(layout, settings), cancellationToken);
        });
        return command;
    }

    internal static string Name(StackRuntime runtime) => runtime.ToString().ToLowerInvariant();
}
