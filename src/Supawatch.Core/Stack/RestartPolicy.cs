using System.Globalization;

namespace Supawatch.Stack;

/// <summary>
/// How the native runtime's supervisor restarts a component that died: after <see cref="FirstBackoff"/>, doubling up
/// to <see cref="MaxBackoff"/>; a run that lasted <see cref="StableAfter"/> resets both. After <see cref="CrashLimit"/>
/// short runs in a row it gives up, marks the component <c>crash loop</c> and leaves it down, rather than spin.
/// Tuned by <c>SUPAWATCH_RESTART_BACKOFF</c>, <c>SUPAWATCH_RESTART_MAX_BACKOFF</c>, <c>SUPAWATCH_RESTART_LIMIT</c> and
/// <c>SUPAWATCH_RESTART_STABLE</c> (whole seconds) in the shell that runs <c>stack start</c>.
/// </summary>
public sealed record RestartPolicy(TimeSpan FirstBackoff, TimeSpan MaxBackoff, int CrashLimit, TimeSpan StableAfter)
{
    public static RestartPolicy Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 5, TimeSpan.FromSeconds(60));

    /// <summary>The defaults, each replaced by its variable when that holds a positive whole number.</summary>
    public static RestartPolicy FromEnvironment(Func<string, string?> variable) => new(
        Seconds(variable("SUPAWATCH_RESTART_BACKOFF")) ?? Default.FirstBackoff,
        Seconds(variable("SUPAWATCH_RESTART_MAX_BACKOFF")) ?? Default.MaxBackoff,
        int.TryParse(variable("SUPAWATCH_RESTART_LIMIT"), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0 ? limit : Default.CrashLimit,
        Seconds(variable("SUPAWATCH_RESTART_STABLE")) ?? Default.StableAfter);

    /// <summary>The variables the supervisor script reads.</summary>
    public IReadOnlyDictionary<string, string> ScriptEnvironment() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SUPAWATCH_RESTART_BACKOFF"] = Whole(FirstBackoff),
        ["SUPAWATCH_RESTART_MAX_BACKOFF"] = Whole(MaxBackoff),
        ["SUPAWATCH_RESTART_LIMIT"] = CrashLimit.ToString(CultureInfo.InvariantCulture),
        ["SUPAWATCH_RESTART_STABLE"] = Whole(StableAfter),
    };

    private static TimeSpan? Seconds(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;

    private static string Whole(TimeSpan value) => Math.Max(1, (int)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
