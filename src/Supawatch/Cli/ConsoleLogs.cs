using Supawatch.Configuration;

namespace Supawatch.Cli;

/// <summary>
/// The console log of every verb: single-line text, or with <c>SUPAWATCH_LOG_FORMAT=json</c> Microsoft's JSON console
/// formatter (one object per line: Timestamp, EventId, LogLevel, Category, Message, State — the same event ids).
/// <c>SUPAWATCH_LOG_LEVEL</c> is read by the host as <c>Logging:LogLevel:Default</c>; one-shot verbs apply it here.
/// </summary>
internal static class ConsoleLogs
{
    public static ILoggingBuilder AddSupawatchConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        if (LogSettings.IsJson(configuration))
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        return logging;
    }
}
