namespace Supawatch.Stack;

/// <summary>One container of the compose project, as <c>docker inspect</c> shows it.</summary>
/// <param name="Service">The compose service (label <c>com.docker.compose.service</c>).</param>
/// <param name="State">running, exited, restarting, created, paused, dead.</param>
/// <param name="Health">healthy, unhealthy, starting; empty when the image has no health check.</param>
public sealed record ComposeContainer(string Service, string Name, string State, string Health, int RestartCount, string Image)
{
    /// <summary>Running, and healthy when it has a health check.</summary>
    public bool IsUp => State == "running" && Health is "" or "healthy";

    /// <summary>Will not come up by waiting longer.</summary>
    public bool HasFailed => State is "exited" or "dead" || Health == "unhealthy" || State == "restarting" && RestartCount >= 3;

    /// <summary>Parses one line of <see cref="InspectFormat"/>; null for a line that is not one.</summary>
    public static ComposeContainer? Parse(string line)
    {
        var parts = line.Split('\t');
        return parts.Length == 6 && int.TryParse(parts[4], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var restarts)
            ? new(parts[0], parts[1].TrimStart('/'), parts[2], parts[3], restarts, parts[5])
            : null;
    }

    /// <summary>The <c>docker inspect --format</c> template <see cref="Parse"/> reads.</summary>
    public const string InspectFormat = "{{index .Config.Labels \"com.docker.compose.service\"}}\t{{.Name}}\t{{.State.Status}}\t{{if .State.Health}}{{.State.Health.Status}}{{end}}\t{{.RestartCount}}\t{{.Config.Image}}";
}
