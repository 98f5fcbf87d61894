using System.CommandLine;
using Supawatch.Alerting;
using Supawatch.Configuration;

namespace Supawatch.Cli;

/// <summary><c>supawatch config render --out DIR</c> and <c>supawatch config check DIR</c>: the generated files, validated.</summary>
public static class ConfigCommand
{
    public static Command Create()
    {
        var command = new Command("config", "Write and validate the generated configuration files");
        command.Subcommands.Add(CreateRender());
        command.Subcommands.Add(CreateCheck());
        return command;
    }

    public static async Task<int> RenderAsync(IConfiguration configuration, string directory, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var options = Load(configuration);
        foreach (var warning in AlertmanagerConfig.Warnings(options))
        {
            errors.WriteLine($"warning: {warning}");
        }

        var failed = false;
        foreach (var file in await new AlertingFiles(options).WriteAsync(directory, cancellationToken))
        {
            if (file.Error is not null)
            {
                errors.WriteLine($"error: {file.Error}");
                failed = true;
                continue;
            }

            output.WriteLine($"wrote {file.Path}");
            if (file.Warning is not null)
            {
                errors.WriteLine($"warning: {file.Warning}");
            }
        }

        return failed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>Runs promtool on every <c>alerts/*_rules.yml</c> (the user's too) and amtool on alertmanager.yml.</summary>
    public static async Task<int> CheckAsync(IConfiguration configuration, string directory, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var checker = new ConfigChecker(AlertingFiles.Secrets(Load(configuration)));
        var folder = Path.Combine(directory, AlertingFiles.Folder);
        var results = new List<(string Path, ConfigCheckResult Result)>();
        if (Directory.Exists(folder))
        {
            foreach (var rules in Directory.GetFiles(folder, "*_rules.yml").Order(StringComparer.Ordinal))
            {
                results.Add((rules, await checker.CheckRulesAsync(rules, cancellationToken)));
            }
        }

        var alertmanager = Path.Combine(folder, AlertmanagerConfig.FileName);
        if (File.Exists(alertmanager))
        {
            results.Add((alertmanager, await checker.CheckAlertmanagerAsync(alertmanager, cancellationToken)));
        }

        if (results.Count == 0)
        {
            errors.WriteLine($"error: {folder} holds no *_rules.yml and no {AlertmanagerConfig.FileName}; run 'supawatch config render --out {directory}' first");
            return ExitCodes.Failed;
        }

        foreach (var (path, result) in results)
        {
            if (!result.Ran)
            {
                errors.WriteLine($"warning: {path}: {result.Output}");
            }
            else if (result.Ok)
            {
                output.WriteLine($"ok {path} ({result.Tool})");
            }
            else
            {
                errors.WriteLine($"error: {path} ({result.Tool}):\n{result.Output}");
            }
        }

        return results.All(r => r.Result.Ok) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    public static AlertingOptions Load(IConfiguration configuration) =>
        AlertingOptions.From(configuration);

    private static Command CreateRender()
    {
        var outOption = new Option<DirectoryInfo>("--out") { Description = "Folder to write alerts/ into", Required = true };
        var command = new Command("render", "Write alerts/alerting_rules.yml and alerts/alertmanager.yml (validated by promtool/amtool when present)");
        command.Options.Add(outOption);
        command.SetConfiguredAction((configuration, parse, cancellationToken) =>
            RenderAsync(configuration, parse.GetValue(outOption)!.FullName, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    private static Command CreateCheck()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "Folder holding alerts/" };
        var command = new Command("check", "Validate alerts/*_rules.yml with promtool and alerts/alertmanager.yml with amtool");
        command.Arguments.Add(directory);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Checking needs no valid environment; the configuration only supplies secrets to keep out of the output.
            var configuration = SupawatchConfiguration.Build(parse.GetValue(GlobalOptions.Config)?.FullName);
            return await CheckAsync(configuration, parse.GetValue(directory)!.FullName, Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }
}
