using System.Text.Json;

namespace Supawatch.Stack;

/// <summary>
/// What <c>stack setup</c> chose, kept in <c>stack.json</c> so <c>start</c>, <c>stop</c> and <c>status</c>
/// act on the same runtime and ports whatever the environment says later.
/// </summary>
/// <param name="AlertmanagerCluster">The Alertmanager cluster the native runtime starts; null (and absent from older files): clustering off.</param>
/// <param name="Links">The external URLs setup resolved (<see cref="ExternalUrls"/>); null in older files.</param>
public sealed record StackSettings(StackRuntime Runtime, StackPorts Ports, string? ConfigFile = null, AlertmanagerCluster? AlertmanagerCluster = null, ExternalUrls? Links = null)
{
    /// <summary>The external URLs the components run with.</summary>
    public ExternalUrls EffectiveLinks => Links ?? ExternalUrls.Legacy(Ports);

    public const string FileName = "stack.json";

    public string ToJson() => JsonSerializer.Serialize(this, StackJson.Settings) + "\n";

    /// <summary>Reads <c>stack.json</c> from <paramref name="directory"/>; null when setup never ran there.</summary>
    public static StackSettings? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), StackJson.Settings) : null;
    }
}
