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
        return root;
    }
}
