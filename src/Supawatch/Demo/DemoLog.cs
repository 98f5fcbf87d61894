namespace Supawatch.Demo;

internal static partial class DemoLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning,
        Message = "SIMULATED FLEET (supawatch demo): {Instances} instances of simulated organizations, read from a simulated Docker Engine at {Socket}; no real engine, database or tenant is watched")]
    public static partial void Simulated(ILogger logger, int instances, string socket);
}
