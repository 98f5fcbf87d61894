using System.Collections.Immutable;
using System.Globalization;
using Supawatch.Docker;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>Turns the Docker Engine API's inspect answer (or, for a cold start's targets only, its list entry) into <see cref="ContainerInfo"/>.</summary>
internal static class DockerContainerMapper
{
    /// <param name="anonKeyVariables">Environment variables that may hold the tenant's anon key, in order of preference.</param>
    public static ContainerInfo FromInspect(ContainerInspect inspect, ContainerIdentity identity, IReadOnlyList<string>? anonKeyVariables = null)
    {
        var (metricsPort, metricsPath) = MetricsFrom(inspect.Config?.Labels);
        return new()
        {
            Id = inspect.Id,
            Name = inspect.Name.TrimStart('/'),
            InstanceId = identity.InstanceId,
            Component = identity.Component,
            State = ContainerStates.Parse(inspect.State?.Status),
            Health = NullIfEmpty(inspect.State?.Health?.Status),
            RestartCount = (int)Math.Clamp(inspect.RestartCount, 0, int.MaxValue),
            StartedAt = ParseTime(inspect.State?.StartedAt),
            FinishedAt = ParseTime(inspect.State?.FinishedAt),
            CreatedAt = ParseTime(inspect.Created),
            ExitCode = inspect.State is { Running: false } state && ParseTime(state.FinishedAt) is not null ? (int)state.ExitCode : null,
            OomKilled = inspect.State?.OomKilled ?? false,
            Image = inspect.Config?.Image ?? inspect.Image ?? "",
            // A stopped container loses its live bindings; its configured ones keep its scrape target in place.
            Ports = PortsFrom(inspect.NetworkSettings?.Ports) is { IsEmpty: false } live ? live : PortsFrom(inspect.HostConfig?.PortBindings),
            MetricsPort = metricsPort,
            MetricsPath = metricsPath,
            AnonKey = AnonKeyFrom(inspect.Config?.Env, anonKeyVariables),
        };
    }

    /// <summary>
    /// What the container list alone says: identity, state, labels and published ports — all a scrape target needs.
    /// Only the provisional targets of a cold start are built from this (<see cref="TargetsPreview"/>); restart
    /// counts, exit codes, health and anon keys come from inspect, so nothing else may read it.
    /// </summary>
    public static ContainerInfo FromListEntry(ContainerListEntry entry, ContainerIdentity identity, string host)
    {
        var (metricsPort, metricsPath) = MetricsFrom(entry.Labels);
        return new()
        {
            Id = entry.Id,
            Host = host,
            Name = entry.Names?.FirstOrDefault()?.TrimStart('/') ?? entry.Id,
            InstanceId = identity.InstanceId,
            Component = identity.Component,
            State = ContainerStates.Parse(entry.State),
            Ports = PortsFrom(entry.Ports),
            MetricsPort = metricsPort,
            MetricsPath = metricsPath,
        };
    }

    /// <summary>The list's published ports, in the order and shape <see cref="PortsFrom(Dictionary{string, List{ContainerPortBinding}?}?)"/> gives.</summary>
    public static ImmutableArray<PublishedPort> PortsFrom(List<ContainerListPort>? listed)
    {
        if (listed is null || listed.Count == 0)
        {
            return [];
        }

        var ports = ImmutableArray.CreateBuilder<PublishedPort>(listed.Count);
        foreach (var port in listed)
        {
            if (port.PublicPort is int hostPort && hostPort is > 0 and <= 65535 && port.PrivatePort is > 0 and <= 65535)
            {
                ports.Add(new PublishedPort(port.PrivatePort, port.Ip ?? "", hostPort, string.IsNullOrEmpty(port.Type) ? "tcp" : port.Type));
            }
        }

        ports.Sort((a, b) => a.PrivatePort != b.PrivatePort ? a.PrivatePort.CompareTo(b.PrivatePort) : a.HostPort.CompareTo(b.HostPort));
        return ports.ToImmutable();
    }

    /// <summary>The first of <paramref name="variables"/> set to a non-empty value in <paramref name="env"/>; null when none is.</summary>
    public static AnonKey? AnonKeyFrom(List<string>? env, IReadOnlyList<string>? variables)
    {
        if (env is null || variables is null || variables.Count == 0)
        {
            return null;
        }

        foreach (var variable in variables)
        {
            var prefix = variable + "=";
            var entry = env.FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal));
            var value = entry?[prefix.Length..].Trim();
            // A key is a JWT or an opaque token: printable ASCII, no spaces; anything else would break the header.
            if (!string.IsNullOrEmpty(value) && value.Length <= 4096 && value.All(c => c is > ' ' and < (char)127))
            {
                return new AnonKey(value, variable);
            }
        }

        return null;
    }

    /// <summary>
    /// The labels <c>supawatch.metrics_port</c> and <c>supawatch.metrics_path</c>: (null, null) without them; port 0
    /// when they cannot be used, so the container is reported instead of silently left out.
    /// </summary>
    public static (int? Port, string? Path) MetricsFrom(IDictionary<string, string>? labels)
    {
        if (labels is null || !labels.TryGetValue(ContainerNameParser.MetricsPortLabel, out var portText))
        {
            return (null, null);
        }

        var path = labels.TryGetValue(ContainerNameParser.MetricsPathLabel, out var pathText) && pathText.Trim().Length > 0 ? pathText.Trim() : null;
        var pathOk = path is null || (path.StartsWith('/') && !path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) && path.Length <= 256);
        return int.TryParse(portText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 && pathOk
            ? (port, path == "/metrics" ? null : path)
            : (0, null);
    }

    /// <summary>The ports a container publishes; unpublished and malformed bindings are skipped.</summary>
    public static ImmutableArray<PublishedPort> PortsFrom(Dictionary<string, List<ContainerPortBinding>?>? bindings)
    {
        if (bindings is null || bindings.Count == 0)
        {
            return [];
        }

        var ports = ImmutableArray.CreateBuilder<PublishedPort>();
        foreach (var (key, hostBindings) in bindings)
        {
            if (hostBindings is null)
            {
                continue;
            }

            // Keys look like "80/tcp".
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var privatePart = slash < 0 ? key : key[..slash];
            var protocol = slash < 0 ? "tcp" : key[(slash + 1)..];
            if (!int.TryParse(privatePart, NumberStyles.None, CultureInfo.InvariantCulture, out var privatePort))
            {
                continue;
            }

            foreach (var binding in hostBindings)
            {
                if (int.TryParse(binding.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort)
                    && hostPort is > 0 and <= 65535)
                {
                    ports.Add(new PublishedPort(privatePort, binding.HostIp ?? "", hostPort, protocol));
                }
            }
        }

        ports.Sort((a, b) => a.PrivatePort != b.PrivatePort ? a.PrivatePort.CompareTo(b.PrivatePort) : a.HostPort.CompareTo(b.HostPort));
        return ports.ToImmutable();
    }

    internal static DateTimeOffset? ParseTime(string? text)
    {
        // Docker writes "0001-01-01T00:00:00Z" for "never".
        if (string.IsNullOrEmpty(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            || time.Year <= 1)
        {
            return null;
        }

        return time.ToUniversalTime();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
