using System.Text.Json.Serialization;

namespace Supawatch.Docker;

/// <summary>
/// <c>Config.Env</c> of <c>GET /containers/{id}/json</c>, read only for a tenant's <c>_db</c> container to find its own
/// PostgreSQL credentials. A class, not a record: a record's generated <c>ToString</c> would print the secrets it holds.
/// </summary>
public sealed class ContainerEnvironmentAnswer
{
    public ContainerEnvironmentConfig? Config { get; init; }

    /// <summary>The value of <paramref name="name"/> (<c>NAME=value</c>); null when the container does not set it.</summary>
    public string? Get(string name)
    {
        foreach (var entry in Config?.Env ?? [])
        {
            if (entry.Length > name.Length && entry[name.Length] == '=' && entry.StartsWith(name, StringComparison.Ordinal))
            {
                return entry[(name.Length + 1)..];
            }
        }

        return null;
    }

    public override string ToString() => "(container environment, not shown)";
}

/// <summary>The one field of <c>Config</c> that <see cref="ContainerEnvironmentAnswer"/> reads.</summary>
public sealed class ContainerEnvironmentConfig
{
    public List<string>? Env { get; init; }

    public override string ToString() => "(container environment, not shown)";
}

/// <summary>Source-generated reading of <see cref="ContainerEnvironmentAnswer"/>; every other field is skipped unread.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ContainerEnvironmentAnswer))]
internal sealed partial class ContainerEnvironmentJson : JsonSerializerContext;
