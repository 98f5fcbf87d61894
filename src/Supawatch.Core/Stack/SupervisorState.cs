using System.Globalization;

namespace Supawatch.Stack;

/// <summary>What <c>run/&lt;component&gt;.state</c> says: the supervisor's state, restarts, last exit and since when.</summary>
public sealed record SupervisorState(string State, int Restarts, string? LastExit, DateTimeOffset? Since)
{
    /// <summary>The file's record, or null when there is none (never started by a supervisor, or stopped).</summary>
    public static SupervisorState? Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var values = lines.Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!values.TryGetValue("state", out var state) || state.Length == 0)
        {
            return null;
        }

        return new(
            state,
            int.TryParse(values.GetValueOrDefault("restarts"), NumberStyles.None, CultureInfo.InvariantCulture, out var restarts) ? restarts : 0,
            string.IsNullOrEmpty(values.GetValueOrDefault("last_exit")) ? null : values["last_exit"],
            long.TryParse(values.GetValueOrDefault("since"), NumberStyles.None, CultureInfo.InvariantCulture, out var since) ? DateTimeOffset.FromUnixTimeSeconds(since) : null);
    }
}
