using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Supawatch.Bench.Reconcile;

/// <summary>Writes a container as an entry of <c>GET /containers/json</c>, plus the parts inspect shares with it.</summary>
internal static class DockerListJson
{
    // Field names and order as the Docker Engine API (1.43+) writes a list entry.
    public static void WriteEntry(Utf8JsonWriter json, SyntheticContainer c)
    {
        json.WriteStartObject();
        json.WriteString("Id", c.Id);
        json.WriteStartArray("Names");
        json.WriteStringValue("/" + c.Name);
        json.WriteEndArray();
        json.WriteString("Image", c.Image);
        json.WriteString("ImageID", c.ImageId);
        json.WriteString("Command", string.Join(' ', c.Cmd));
        json.WriteNumber("Created", c.Created.ToUnixTimeSeconds());
        json.WriteStartArray("Ports");
        json.WriteStartObject();
        json.WriteString("IP", "127.0.0.1");
        json.WriteNumber("PrivatePort", c.PrivatePort);
        json.WriteNumber("PublicPort", c.HostPort);
        json.WriteString("Type", "tcp");
        json.WriteEndObject();
        json.WriteEndArray();
        WriteLabels(json, c);
        json.WriteString("State", "running");
        json.WriteString("Status", "Up 2 days (healthy)");
        json.WriteStartObject("HostConfig");
        json.WriteString("NetworkMode", c.Network);
        json.WriteEndObject();
        json.WriteStartObject("NetworkSettings");
        WriteNetworks(json, c);
        json.WriteEndObject();
        json.WriteStartArray("Mounts");
        WriteMount(json, c);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static void WriteBinding(Utf8JsonWriter json, SyntheticContainer c)
    {
        json.WriteStartArray(c.PortKey);
        json.WriteStartObject();
        json.WriteString("HostIp", "127.0.0.1");
        json.WriteString("HostPort", c.HostPort.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteEndArray();
    }

    internal static void WriteNetworks(Utf8JsonWriter json, SyntheticContainer c)
    {
        json.WriteStartObject("Networks");
        json.WriteStartObject(c.Network);
        json.WriteNull("IPAMConfig");
        json.WriteNull("Links");
        json.WriteStartArray("Aliases");
        json.WriteStringValue(c.Name);
        json.WriteStringValue(c.Component);
        json.WriteEndArray();
        json.WriteString("MacAddress", "02:42:ac:12:00:02");
        json.WriteString("NetworkID", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(c.Network))));
        json.WriteString("EndpointID", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("endpoint" + c.Id))));
        json.WriteString("Gateway", c.Address[..c.Address.LastIndexOf('.')] + ".1");
        json.WriteString("IPAddress", c.Address);
        json.WriteNumber("IPPrefixLen", 16);
        json.WriteString("IPv6Gateway", "");
        json.WriteString("GlobalIPv6Address", "");
        json.WriteNumber("GlobalIPv6PrefixLen", 0);
        json.WriteNull("DriverOpts");
        json.WriteStartArray("DNSNames");
        json.WriteStringValue(c.Name);
        json.WriteStringValue(c.Component);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    internal static void WriteMount(Utf8JsonWriter json, SyntheticContainer c)
    {
        json.WriteStartObject();
        json.WriteString("Type", "bind");
        json.WriteString("Source", $"/srv/supabase/{c.InstanceId}/volumes/{c.Component}");
        json.WriteString("Destination", "/data");
        json.WriteString("Mode", "rw");
        json.WriteBoolean("RW", true);
        json.WriteString("Propagation", "rprivate");
        json.WriteEndObject();
    }

    // Docker Compose labels, as every container of a compose-managed Supabase stack carries.
    internal static void WriteLabels(Utf8JsonWriter json, SyntheticContainer c)
    {
        json.WriteStartObject("Labels");
        json.WriteString("com.docker.compose.config-hash", c.Id[..64]);
        json.WriteString("com.docker.compose.container-number", "1");
        json.WriteString("com.docker.compose.oneoff", "False");
        json.WriteString("com.docker.compose.project", c.InstanceId);
        json.WriteString("com.docker.compose.project.config_files", $"/srv/supabase/{c.InstanceId}/docker-compose.yml");
        json.WriteString("com.docker.compose.project.working_dir", $"/srv/supabase/{c.InstanceId}");
        json.WriteString("com.docker.compose.service", c.Component);
        json.WriteString("com.docker.compose.version", "2.24.6");
        // Every synthetic container opts in as a scrape target, so /sd and instances.json carry one group per container (the worst case).
        json.WriteString("supawatch.metrics_port", c.PrivatePort.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
