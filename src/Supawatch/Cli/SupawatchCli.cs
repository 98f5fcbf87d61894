using System.CommandLine;

namespace Supawatch.Cli;

/// <summary>The <c>supawatch</c> command line: one verb per job.</summary>
public static class SupawatchCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Supawatch: monitoring for multi-tenant Supabase fleets on Docker");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DiscoverCommand.Create());
        root.Subcommands.Add(HealthCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(NotifyCommand.Create());
        root.Subcommands.Add(StackCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(MaintenanceCommand.Create());
        root.Subcommands.Add(IncidentCommand.Create());
        root.Subcommands.Add(SloCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs one command line. Invalid usage (an unknown verb or flag, a missing or bad argument) prints
    /// what is wrong and where the help is, and exits <see cref="ExitCodes.Usage"/>: System.CommandLine's own
    /// handling would print the whole help page and exit 1, the code that means "something is down".
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter errors)
    {
        var parse = Create().Parse(args);
        if (parse.Errors.Count == 0)
        {
            return await parse.InvokeAsync();
        }

        // One cause, on one line: an unknown word also makes its verb look "missing", which would only blur it.
        var messages = parse.Errors.Select(e => string.Join(' ', e.Message.Split(['\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))).ToList();
        var cause = messages.FirstOrDefault(m => parse.UnmatchedTokens.Any(t => m.Contains($"'{t}'", StringComparison.Ordinal))) ?? messages[0];
        errors.WriteLine($"error: {cause}");
        errors.WriteLine($"usage: see '{CommandPath(parse.CommandResult.Command)} --help' and docs/cli.md");
        return ExitCodes.Usage;
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (var current = command; current is not null and not RootCommand; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, current.Name);
        }

        return string.Join(' ', names.Prepend("supawatch"));
    }
}
