using Supawatch.Common;

namespace Supawatch.Configuration;

/// <summary>One of the seed's environment variables and the configuration key it sets.</summary>
public sealed record SeedVariable(string Environment, string ConfigKey, bool IsDuration = false, bool IsSecret = false)
{
    /// <summary>
    /// Durations become binder strings so <c>60</c> means sixty seconds, as in the seed;
    /// a value that does not parse is passed through so validation can name the variable.
    /// </summary>
    public string Normalize(string value) =>
        IsDuration && Durations.TryParse(value, out var duration) ? Durations.ToBinderString(duration) : value;
}
