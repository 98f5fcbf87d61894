using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Supawatch.Discovery;
using Supawatch.Instances;

namespace Supawatch.Targets;

/// <summary>
/// Renders the inventory as Prometheus service-discovery target groups (the file_sd and http_sd format): one group
/// per container that serves Prometheus metrics — one labelled <c>supawatch.metrics_port</c>, or Kong when
/// <see cref="DiscoveryOptions.KongMetricsPort"/> says its Prometheus plugin is on — at the host port Docker publishes
/// for that port, labelled with the instance, component, Docker host and tenant. Every other port (Kong's proxy,
/// Studio, PostgreSQL) serves no <c>/metrics</c> and is left to the health checks: scraping it would only be down.
/// </summary>
public static class ScrapeTargets
{
    /// <summary>Prometheus's default metrics path; a target with another one carries <c>__metrics_path__</c>.</summary>
    public const string DefaultMetricsPath = "/metrics";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };
    private const int FlushBytes = 16 * 1024;

    /// <param name="component">Only this component's targets (the <c>/sd?component=</c> filter); null for all.</param>
    public static byte[] Render(InventorySnapshot snapshot, DiscoveryOptions options, string? component = null) =>
        Render(snapshot, options, component, out _);

    /// <param name="groups">How many target groups were written.</param>
    public static byte[] Render(InventorySnapshot snapshot, DiscoveryOptions options, string? component, out int groups)
    {
        var buffer = new ArrayBufferWriter<byte>(4096 + (snapshot.Instances.Length * 400));
        groups = Write(snapshot, options, component, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the target groups into <paramref name="destination"/>; returns how many were written.</summary>
    public static int Write(InventorySnapshot snapshot, DiscoveryOptions options, string? component, IBufferWriter<byte> destination)
    {
        using var json = new Utf8JsonWriter(destination, WriterOptions);
        return Write(json, snapshot, options, component, flush: false);
    }

    /// <summary>Writes the target groups to <paramref name="destination"/> a slice at a time (a gzip stream: the plain
    /// document is never held whole); returns how many were written.</summary>
    public static int Write(InventorySnapshot snapshot, DiscoveryOptions options, string? component, Stream destination)
    {
        using var json = new Utf8JsonWriter(destination, WriterOptions);
        return Write(json, snapshot, options, component, flush: true);
    }

    private static int Write(Utf8JsonWriter json, InventorySnapshot snapshot, DiscoveryOptions options, string? component, bool flush)
    {
        var groups = 0;
        json.WriteStartArray();
        foreach (var instance in snapshot.Instances)
        {
            foreach (var container in instance.Containers)
            {
                if (component is not null && !string.Equals(container.Component, component, StringComparison.Ordinal))
                {
                    continue;
                }

                if (Endpoint(container, options.KongMetricsPort) is { Port: > 0 } endpoint && Published(container, endpoint.Port) is { } port)
                {
                    WriteGroup(json, instance, container, Address(port, options.TargetHost), endpoint.Path);
                    groups++;
                }
            }

            // A Utf8JsonWriter over a stream holds everything until flushed.
            if (flush && json.BytesPending > FlushBytes)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
        json.Flush();
        return groups;
    }

    /// <summary>
    /// Where <paramref name="container"/> serves metrics: its <c>supawatch.metrics_port</c> label first, else Kong's
    /// <paramref name="kongMetricsPort"/>; null when it serves none. Port 0: the labels are there but unusable.
    /// </summary>
    public static MetricsEndpoint? Endpoint(ContainerInfo container, int? kongMetricsPort)
    {
        if (container.MetricsPort is { } port)
        {
            return new(port, container.MetricsPath ?? DefaultMetricsPath);
        }

        return kongMetricsPort is > 0 && string.Equals(container.Component, "kong", StringComparison.Ordinal)
            ? new(kongMetricsPort.Value, DefaultMetricsPath)
            : null;
    }

    /// <summary>
    /// The one host binding of <paramref name="privatePort"/>/tcp that becomes the target (IPv4 before IPv6, so a port
    /// published on both is scraped once); null when it is not published.
    /// </summary>
    public static PublishedPort? Published(ContainerInfo container, int privatePort)
    {
        PublishedPort? chosen = null;
        foreach (var port in container.Ports)
        {
            if (port.PrivatePort == privatePort && string.Equals(port.Protocol, "tcp", StringComparison.OrdinalIgnoreCase)
                && (chosen is null || (IsV6(chosen) && !IsV6(port))))
            {
                chosen = port;
            }
        }

        return chosen;
    }

    /// <summary>
    /// Containers that should be targets but cannot be: an unusable label, or a metrics port Docker does not
    /// publish. Each line names the container and what to fix (no address, no secret).
    /// </summary>
    public static IReadOnlyList<string> Unscraped(InventorySnapshot snapshot, DiscoveryOptions options)
    {
        var problems = new List<string>();
        foreach (var container in snapshot.Instances.SelectMany(i => i.Containers))
        {
            switch (Endpoint(container, options.KongMetricsPort))
            {
                case { Port: 0 }:
                    problems.Add($"{container.Name}: label {ContainerNameParser.MetricsPortLabel} is not a port number (1-65535), or {ContainerNameParser.MetricsPathLabel} is not a path starting with /");
                    break;
                case { } endpoint when Published(container, endpoint.Port) is null:
                    var why = container.MetricsPort is null ? "SUPAWATCH_KONG_METRICS_PORT" : $"label {ContainerNameParser.MetricsPortLabel}";
                    problems.Add($"{container.Name}: metrics port {endpoint.Port}/tcp ({why}) is not published on the host; publish it (-p) or fix the port");
                    break;
            }
        }

        return problems;
    }

    /// <summary><c>host:port</c>, with a port published on every address reached through <paramref name="targetHost"/>.</summary>
    public static string Address(PublishedPort port, string targetHost)
    {
        var host = port.HostIp is "" or "0.0.0.0" or "::" ? targetHost : port.HostIp;
        return host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[')
            ? $"[{host}]:{port.HostPort}"
            : $"{host}:{port.HostPort}";
    }

    /// <summary>The host (brackets removed) and port of an <see cref="Address"/>: <c>host:port</c> or <c>[v6]:port</c>.</summary>
    public static (string Host, int Port) SplitAddress(string address)
    {
        var colon = address.LastIndexOf(':');
        return (address[..colon].Trim('[', ']'), int.Parse(address[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    private static bool IsV6(PublishedPort port) => port.HostIp.Contains(':', StringComparison.Ordinal);

    private static void WriteGroup(Utf8JsonWriter json, Instance instance, ContainerInfo container, string address, string path)
    {
        json.WriteStartObject();
        json.WriteStartArray("targets");
        json.WriteStringValue(address);
        json.WriteEndArray();
        json.WriteStartObject("labels");
        json.WriteString("instance_id", instance.InstanceId);
        json.WriteString("component", container.Component);
        json.WriteString("container_name", container.Name);
        json.WriteString("host", container.Host);
        WriteOptional(json, "org_id", instance.OrgId);
        WriteOptional(json, "org_name", instance.OrgName);
        WriteOptional(json, "project_name", instance.ProjectName);
        if (path != DefaultMetricsPath)
        {
            json.WriteString("__metrics_path__", path);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }
}
