using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Supawatch.Bench.Reconcile;

/// <summary>
/// A logger enabled at Information like the service's console logger, so the code paths that check
/// <c>IsEnabled</c> run as in production, but writing nothing; it keeps warnings and errors to explain a failure.
/// </summary>
internal sealed class CountingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _problems = new();
    private int _messages;

    public int Messages => Volatile.Read(ref _messages);

    public IReadOnlyCollection<string> Problems => _problems;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CountingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = formatter(state, exception);
            Interlocked.Increment(ref owner._messages);
            if (logLevel >= LogLevel.Warning && owner._problems.Count < 20)
            {
                owner._problems.Enqueue($"{logLevel} {category}: {text}");
            }
        }
    }
}
