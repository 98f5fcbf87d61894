using System.Text.Json;

namespace Supawatch.Stack;

/// <summary>
/// What <c>stack setup</c> was told, kept in <c>stack.json</c> so <c>start</c>, <c>stop</c>, <c>restart</c> and
/// <c>status</c> act on the same runtime, ports and Supawatch settings whatever the shell that runs them says, and
/// a re-run of setup changes only what the user changes.
/// </summary>
/// <param name="AlertmanagerCluster">The Alertmanager cluster the native runtime starts; null (and absent from older files): clustering off.</param>
/// <param name="Variables">
/// The seed variables (docs/configuration.md) setup saw, secrets left out: Supawatch runs with exactly these
/// (and the secrets in <see cref="StackLayout.SecretVariablesFile"/>), never with the environment of the shell that
/// starts it. Null in files written before they were recorded.
/// </param>
/// <param name="SecretVariables">The names of the recorded secret variables; their values are only in the mode-600 file.</param>
/// <param name="Flags">The setup flags given (configuration key → value: <c>Stack:PrometheusPort</c>, <c>Stack:Bind</c>, …), kept for re-runs.</param>
/// <param name="Links">The external URLs setup resolved (<see cref="ExternalUrls"/>); null in older files.</param>
public sealed record StackSettings(
    StackRuntime Runtime,
    StackPorts Ports,
    string? ConfigFile = null,
    AlertmanagerCluster? AlertmanagerCluster = null,
    SortedDictionary<string, string>? Variables = null,
    IReadOnlyList<string>? SecretVariables = null,
    SortedDictionary<string, string>? Flags = null,
    ExternalUrls? Links = null)
{
    /// <summary>The external URLs the components run with.</summary>
    public ExternalUrls EffectiveLinks => Links ?? ExternalUrls.Legacy(Ports);

    public const string FileName = "stack.json";

    /// <summary>The <see cref="Flags"/> key <c>stack setup --demo</c> records (<see cref="StackOptions.Demo"/>).</summary>
    public const string DemoFlag = "Stack:Demo";

    /// <summary>Setup was given <c>--demo</c> (and not <c>--demo false</c> since): Supawatch runs <c>supawatch demo</c>.</summary>
    public bool IsDemo() => bool.TryParse(Flags?.GetValueOrDefault(DemoFlag), out var demo) && demo;

    public string ToJson() => JsonSerializer.Serialize(this, StackJson.Settings) + "\n";

    /// <summary>Reads <c>stack.json</c> from <paramref name="directory"/>; null when setup never ran there.</summary>
    public static StackSettings? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), StackJson.Settings) : null;
    }
}
