using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>
/// A running container's engine record no longer holds how it last died (Docker resets it on start);
/// keep what an earlier look or the die event saw, so the last exit code and OOM kill stay visible.
/// </summary>
internal static class LastDeath
{
    public static ContainerInfo Keep(Dictionary<string, ContainerInfo> known, ContainerInfo next) =>
        known.TryGetValue(next.Id, out var before) ? Keep(next, before) : next;

    /// <summary>A host's new list by container id, each container keeping its last death from <paramref name="known"/>.</summary>
    public static Dictionary<string, ContainerInfo> KeepAll(Dictionary<string, ContainerInfo> known, IReadOnlyList<ContainerInfo> listed)
    {
        var next = new Dictionary<string, ContainerInfo>(listed.Count, StringComparer.Ordinal);
        foreach (var container in listed)
        {
            next[container.Id] = Keep(known, container);
        }

        return next;
    }

    private static ContainerInfo Keep(ContainerInfo next, ContainerInfo before) =>
        next.ExitCode is null && before.ExitCode is not null
            ? next with { ExitCode = before.ExitCode, OomKilled = before.OomKilled }
            : next;
}
