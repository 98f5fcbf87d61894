using Supawatch.Configuration;
using Supawatch.Stack;

namespace Supawatch.Cli;

/// <summary><c>stack start|stop|status</c>: one call each on the folder's <see cref="IStackRuntime"/>.</summary>
internal static class StackVerbs
{
    public static async Task<int> StartAsync(StackContext context, CancellationToken cancellationToken)
    {
        try
        {
            await context.Runtime().StartAsync(cancellationToken);
        }
        catch (StackException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failed;
        }

        return await StatusAsync(context, json: false, cancellationToken);
    }

    public static Task<int> StopAsync(StackContext context, CancellationToken cancellationToken) => StopAsync(context, quiet: false, cancellationToken);

    public static async Task<int> StopAsync(StackContext context, bool quiet, CancellationToken cancellationToken)
    {
        try
        {
            await context.Runtime(quiet).StopAsync(cancellationToken);
            return ExitCodes.Ok;
        }
        catch (StackException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <param name="json">Print <see cref="StackStatusDocument"/> on stdout instead of the table.</param>
    public static async Task<int> StatusAsync(StackContext context, bool json, CancellationToken cancellationToken)
    {
        StackStatusReport report;
        try
        {
            report = await context.Runtime().StatusAsync(ct => MonitoringProblemsAsync(context, ct), cancellationToken);
        }
        catch (StackException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failed;
        }

        if (json)
        {
            var ports = context.Settings.Ports;
            JsonOutput.Write(StackStatusDocument.From(report, StackCommand.Name(context.Settings.Runtime), ports.Url(ports.Status) + "/status"), StackStatusDocument.JsonInfo, Console.Out);
            return report.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        }

        Console.Write(report.Table);
        PrintDegraded(context, report.Problems);
        return report.Ok ? ExitCodes.Ok : ExitCodes.Failed;
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
}
