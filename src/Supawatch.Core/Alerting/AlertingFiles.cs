using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Supawatch.Alerting;

/// <summary>
/// Writes <c>alerts/alerting_rules.yml</c> and <c>alerts/alertmanager.yml</c> under a folder. Each file is written
/// to a temporary name beside it, checked by the real validator and only then renamed over the old one, so a file
/// that does not validate never replaces a working one. alertmanager.yml holds secrets and is created mode 600.
/// A user's own <c>alerts/*_rules.yml</c> are never touched.
/// </summary>
public sealed class AlertingFiles(AlertingOptions options, ILogger? logger = null)
{
    public const string Folder = "alerts";

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>The secret values of <paramref name="options"/>, for scrubbing tool output.</summary>
    public static IReadOnlyList<string> Secrets(AlertingOptions options) =>
        new[] { options.SlackWebhookUrl, options.DiscordWebhookUrl, options.SmtpPass, options.HeartbeatUrl }
            .Concat(options.WebhookUrlList)
            .Concat(options.OrgWebhooks.Values)
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => s!)
            .ToList();

    public async Task<IReadOnlyList<GeneratedFile>> WriteAsync(string directory, CancellationToken cancellationToken)
    {
        foreach (var warning in AlertmanagerConfig.Warnings(options))
        {
            AlertingLog.Warning(_logger, warning);
        }

        var checker = new ConfigChecker(Secrets(options));
        var folder = Path.Combine(directory, Folder);
        return
        [
            await WriteCheckedAsync(Path.Combine(folder, AlertRules.FileName), AlertRules.Render(AlertRules.Build(options)), secret: false, checker.CheckRulesAsync, cancellationToken),
            await WriteCheckedAsync(Path.Combine(folder, AlertmanagerConfig.FileName), AlertmanagerConfig.Render(AlertmanagerConfig.Build(options)), secret: true, checker.CheckAlertmanagerAsync, cancellationToken),
        ];
    }

    private async Task<GeneratedFile> WriteCheckedAsync(
        string path,
        string content,
        bool secret,
        Func<string, CancellationToken, Task<ConfigCheckResult>> check,
        CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = secret ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            }

            await using (var stream = new FileStream(temp, fileOptions))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(content.AsMemory(), cancellationToken);
                await writer.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            var result = await check(temp, cancellationToken);
            if (!result.Ok)
            {
                var output = result.Output.Replace(temp, path, StringComparison.Ordinal);
                AlertingLog.Refused(_logger, path, result.Tool, output);
                var kept = File.Exists(path) ? "the previous file stays in force" : "nothing was written";
                return new GeneratedFile(path, Written: false, Error: $"{path}: {result.Tool} rejected the new file, {kept}:\n{output}");
            }

            File.Move(temp, path, overwrite: true);
            AlertingLog.Wrote(_logger, path);
            if (!result.Ran)
            {
                AlertingLog.NotValidated(_logger, path, result.Tool);
                return new GeneratedFile(path, Written: true, Warning: $"{path} not validated: {result.Tool} is not installed");
            }

            return new GeneratedFile(path, Written: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
