using System.Buffers;
using Supawatch.Common;

namespace Supawatch.Instances;

/// <summary>
/// Tells which instance and component a container belongs to: from the labels
/// <c>supawatch.instance_id</c> / <c>supawatch.component</c> when both are present and valid, else from a
/// name shaped <c>&lt;instance_id&gt;_&lt;component&gt;</c> with a known component suffix.
/// </summary>
public sealed class ContainerNameParser
{
    public const string InstanceIdLabel = "supawatch.instance_id";
    public const string ComponentLabel = "supawatch.component";

    /// <summary>Opts a container in as a scrape target: the container port serving Prometheus metrics.</summary>
    public const string MetricsPortLabel = "supawatch.metrics_port";

    /// <summary>The path of those metrics when it is not <c>/metrics</c>.</summary>
    public const string MetricsPathLabel = "supawatch.metrics_path";
    public const int MaxIdLength = 128;

    // Docker's own name alphabet ([a-zA-Z0-9][a-zA-Z0-9_.-]*); labels are held to it too, so an id never
    // carries quotes, newlines or markup into metrics, files or pages.
    private static readonly SearchValues<char> IdChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

    private readonly string[] _componentsLongestFirst;

    public ContainerNameParser(IEnumerable<string> components)
    {
        _componentsLongestFirst = components
            .Where(IsValidId)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(c => c.Length)
            .ToArray();
    }

    /// <summary>Parses a container; <paramref name="reason"/> says why a tenant-looking container was not understood.</summary>
    /// <returns>The identity, or null when the container is not a tenant container.</returns>
    public ContainerIdentity? Parse(string name, IDictionary<string, string>? labels, out string? reason)
    {
        reason = null;
        name = name.TrimStart('/');

        if (labels is not null && (labels.ContainsKey(InstanceIdLabel) || labels.ContainsKey(ComponentLabel)))
        {
            labels.TryGetValue(InstanceIdLabel, out var labelId);
            labels.TryGetValue(ComponentLabel, out var labelComponent);
            if (IsValidId(labelId) && IsValidId(labelComponent))
            {
                return new ContainerIdentity(labelId!, labelComponent!);
            }

            reason = $"labels {InstanceIdLabel}/{ComponentLabel} must both be set to 1-{MaxIdLength} characters of " +
                     "[A-Za-z0-9_.-]; falling back to the container name";
        }

        foreach (var component in _componentsLongestFirst)
        {
            if (name.Length >= component.Length + 1
                && name.EndsWith(component, StringComparison.Ordinal)
                && name[^(component.Length + 1)] == '_')
            {
                var instanceId = name[..^(component.Length + 1)];
                if (IsValidId(instanceId))
                {
                    return new ContainerIdentity(instanceId, component);
                }

                reason = $"name '{SafeText.Printable(name)}' ends in _{component} but '{SafeText.Printable(instanceId)}' is not a valid instance id";
                return null;
            }
        }

        return null;
    }

    public static bool IsValidId(string? value) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= MaxIdLength
        && char.IsAsciiLetterOrDigit(value[0])
        && !value.AsSpan().ContainsAnyExcept(IdChars);
}
