using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>
/// Renders the inventory as Prometheus service-discovery target groups (the file_sd and http_sd format):
/// one group per published port of each component, labelled with the instance, component, Docker host and tenant.
/// </summary>
public static class ScrapeTargets
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    /// <param name="component">Only this component's targets (the <c>/sd?component=</c> filter); null for all.</param>
    public static byte[] Render(InventorySnapshot snapshot, string targetHost, string? component = null) =>
        Render(snapshot, targetHost, component, out _);

    /// <param name="groups">How many target groups were written.</param>
    public static byte[] Render(InventorySnapshot snapshot, string targetHost, string? component, out int groups)
    {
        groups = 0;
        var buffer = new ArrayBufferWriter<byte>(4096 + (snapshot.Instances.Length * 400));
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartArray();
            foreach (var instance in snapshot.Instances)
            {
                foreach (var container in instance.Containers)
                {
                    if (component is not null && !string.Equals(container.Component, component, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    foreach (var port in container.Ports)
                    {
                        if (!string.Equals(port.Protocol, "tcp", StringComparison.OrdinalIgnoreCase))
                        {
                            continue;
                        }

                        WriteGroup(json, instance, container, Address(port, targetHost));
                        groups++;
                    }
                }
            }

            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
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

    private static void WriteGroup(Utf8JsonWriter json, Instance instance, ContainerInfo container, string address)
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
