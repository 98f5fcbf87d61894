using System.Globalization;

namespace Supawatch.Stack;

/// <summary>
/// The progress lines of a compose start while it waits for the containers to turn healthy: at most one every
/// <see cref="Every"/>, naming what is still waited for and how long it has been, e.g.
/// <c>still waiting (12 s) for: grafana (running, starting), prometheus (created)</c>. The stack's verbs write them
/// on stderr, so stdout stays what it was; a quiet run gives <see cref="TextWriter.Null"/>.
/// </summary>
public sealed class ComposeWaitProgress
{
    /// <summary>How often a line is printed at most while the wait lasts.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly long _started;
    private long _last;

    public ComposeWaitProgress(TextWriter output, TimeProvider time)
    {
        _output = output;
        _time = time;
        _started = time.GetTimestamp();
        _last = _started;
    }

    /// <summary>Prints a line when <see cref="Every"/> has passed since the start or the last line; what is up is not named.</summary>
    /// <returns>Whether a line was printed.</returns>
    public bool Report(IReadOnlyList<ComposeContainer> containers)
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_last, now) < Every)
        {
            return false;
        }

        _last = now;
        var elapsed = _time.GetElapsedTime(_started, now).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        var waiting = containers.Where(c => !c.IsUp).OrderBy(c => c.Service, StringComparer.Ordinal)
            .Select(c => $"{c.Service} ({c.State}{(c.Health.Length > 0 ? ", " + c.Health : "")})").ToList();
        _output.WriteLine(containers.Count == 0
            ? $"still waiting ({elapsed} s): no container yet (pulling or building images)"
            : waiting.Count == 0
                ? $"still waiting ({elapsed} s): every container is up, compose is finishing"
                : $"still waiting ({elapsed} s) for: {string.Join(", ", waiting)}");
        return true;
    }
}
