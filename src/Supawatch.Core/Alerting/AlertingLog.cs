using Microsoft.Extensions.Logging;

namespace Supawatch.Alerting;

/// <summary>Alerting's log messages; event ids 5000-5999. Never a secret: paths, variable names and tool verdicts only.</summary>
internal static partial class AlertingLog
{
    [LoggerMessage(5000, LogLevel.Information, "Wrote {Path}")]
    public static partial void Wrote(ILogger logger, string path);

    [LoggerMessage(5001, LogLevel.Warning, "Alerting: {Warning}")]
    public static partial void Warning(ILogger logger, string warning);

    [LoggerMessage(5002, LogLevel.Error, "Refused to write {Path}: {Tool} rejected it; the previous file stays in force. {Output}")]
    public static partial void Refused(ILogger logger, string path, string tool, string output);

    [LoggerMessage(5003, LogLevel.Warning, "{Path} written without validation: {Tool} is not installed")]
    public static partial void NotValidated(ILogger logger, string path, string tool);
}
