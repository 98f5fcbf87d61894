using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Supawatch.Bench.Reconcile;

/// <summary>Writes a container as the body of <c>GET /containers/{id}/json</c>.</summary>
internal static class DockerInspectJson
{
    // Field names and order as the Docker Engine API writes GET /containers/{id}/json.
    public static byte[] Render(SyntheticContainer c)
    {
        var buffer = new ArrayBufferWriter<byte>(6000);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Id", c.Id);
            json.WriteString("Created", DockerListJson.Time(c.Created));
            json.WriteString("Path", c.Cmd[0]);
            json.WriteStartArray("Args");
            foreach (var arg in c.Cmd.Skip(1))
            {
                json.WriteStringValue(arg);
            }

            json.WriteEndArray();
            WriteState(json, c);
            json.WriteString("Image", c.ImageId);
            json.WriteString("ResolvConfPath", $"/var/lib/docker/containers/{c.Id}/resolv.conf");
            json.WriteString("HostnamePath", $"/var/lib/docker/containers/{c.Id}/hostname");
            json.WriteString("HostsPath", $"/var/lib/docker/containers/{c.Id}/hosts");
            json.WriteString("LogPath", $"/var/lib/docker/containers/{c.Id}/{c.Id}-json.log");
            json.WriteString("Name", "/" + c.Name);
            json.WriteNumber("RestartCount", 0);
            json.WriteString("Driver", "overlay2");
            json.WriteString("Platform", "linux");
            json.WriteString("MountLabel", "");
            json.WriteString("ProcessLabel", "");
            json.WriteString("AppArmorProfile", "docker-default");
            json.WriteNull("ExecIDs");
            WriteHostConfig(json, c);
            json.WriteStartObject("GraphDriver");
            json.WriteStartObject("Data");
            json.WriteString("LowerDir", $"/var/lib/docker/overlay2/{c.Id}-init/diff");
            json.WriteString("MergedDir", $"/var/lib/docker/overlay2/{c.Id}/merged");
            json.WriteString("UpperDir", $"/var/lib/docker/overlay2/{c.Id}/diff");
            json.WriteString("WorkDir", $"/var/lib/docker/overlay2/{c.Id}/work");
            json.WriteEndObject();
            json.WriteString("Name", "overlay2");
            json.WriteEndObject();
            json.WriteStartArray("Mounts");
            DockerListJson.WriteMount(json, c);
            json.WriteEndArray();
            WriteConfig(json, c);
            WriteNetworkSettings(json, c);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteState(Utf8JsonWriter json, SyntheticContainer c)
    {
        json.WriteStartObject("State");
        json.WriteString("Status", "running");
        json.WriteBoolean("Running", true);
        json.WriteBoolean("Paused", false);
        json.WriteBoolean("Restarting", false);
        json.WriteBoolean("OOMKilled", false);
        json.WriteBoolean("Dead", false);
        json.WriteNumber("Pid", 4000 + (c.HostPort - 20_000));
        json.WriteNumber("ExitCode", 0);
        json.WriteString("Error", "");
        json.WriteString("StartedAt", DockerListJson.Time(c.Started));
        json.WriteString("FinishedAt", "0001-01-01T00:00:00Z");
        json.WriteStartObject("Health");
        json.WriteString("Status", "healthy");
        json.WriteNumber("FailingStreak", 0);
        json.WriteStartArray("Log");
        for (var i = 5; i >= 1; i--)
        {
            // Docker keeps the last five probe results.
            json.WriteStartObject();
            json.WriteString("Start", DockerListJson.Time(DateTimeOffset.UtcNow.AddSeconds(-10 * i)));
            json.WriteString("End", DockerListJson.Time(DateTimeOffset.UtcNow.AddSeconds((-10 * i) + 0.05)));
            json.WriteNumber("ExitCode", 0);
            json.WriteString("Output", c.Component == "db" ? "/var/run/postgresql:5432 - accepting connections\n" : "");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteHostConfig(Utf8JsonWriter json, SyntheticContainer c)
    {
        json.WriteStartObject("HostConfig");
        json.WriteStartArray("Binds");
        json.WriteStringValue($"/srv/supabase/{c.InstanceId}/volumes/{c.Component}:/data:rw");
        json.WriteEndArray();
        json.WriteString("ContainerIDFile", "");
        json.WriteStartObject("LogConfig");
        json.WriteString("Type", "json-file");
        json.WriteStartObject("Config");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("NetworkMode", c.Network);
        json.WriteStartObject("PortBindings");
        DockerListJson.WriteBinding(json, c);
        json.WriteEndObject();
        json.WriteStartObject("RestartPolicy");
        json.WriteString("Name", "unless-stopped");
        json.WriteNumber("MaximumRetryCount", 0);
        json.WriteEndObject();
        json.WriteBoolean("AutoRemove", false);
        json.WriteString("VolumeDriver", "");
        json.WriteNull("VolumesFrom");
        json.WriteNull("CapAdd");
        json.WriteNull("CapDrop");
        json.WriteString("CgroupnsMode", "private");
        json.WriteStartArray("Dns");
        json.WriteEndArray();
        json.WriteStartArray("DnsOptions");
        json.WriteEndArray();
        json.WriteStartArray("DnsSearch");
        json.WriteEndArray();
        json.WriteNull("ExtraHosts");
        json.WriteNull("GroupAdd");
        json.WriteString("IpcMode", "private");
        json.WriteString("Cgroup", "");
        json.WriteNull("Links");
        json.WriteNumber("OomScoreAdj", 0);
        json.WriteString("PidMode", "");
        json.WriteBoolean("Privileged", false);
        json.WriteBoolean("PublishAllPorts", false);
        json.WriteBoolean("ReadonlyRootfs", false);
        json.WriteNull("SecurityOpt");
        json.WriteString("UTSMode", "");
        json.WriteString("UsernsMode", "");
        json.WriteNumber("ShmSize", 67108864);
        json.WriteString("Runtime", "runc");
        json.WriteString("Isolation", "");
        json.WriteNumber("CpuShares", 0);
        json.WriteNumber("Memory", 0);
        json.WriteNumber("NanoCpus", 0);
        json.WriteString("CgroupParent", "");
        json.WriteNumber("PidsLimit", 0);
        json.WriteEndObject();
    }

    private static void WriteConfig(Utf8JsonWriter json, SyntheticContainer c)
    {
        json.WriteStartObject("Config");
        json.WriteString("Hostname", c.Id[..12]);
        json.WriteString("Domainname", "");
        json.WriteString("User", c.Component == "db" ? "postgres" : "");
        json.WriteBoolean("AttachStdin", false);
        json.WriteBoolean("AttachStdout", true);
        json.WriteBoolean("AttachStderr", true);
        json.WriteStartObject("ExposedPorts");
        json.WriteStartObject(c.PortKey);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteBoolean("Tty", false);
        json.WriteBoolean("OpenStdin", false);
        json.WriteBoolean("StdinOnce", false);
        json.WriteStartArray("Env");
        foreach (var variable in c.Environment())
        {
            json.WriteStringValue(variable);
        }

        json.WriteEndArray();
        json.WriteStartArray("Cmd");
        foreach (var arg in c.Cmd)
        {
            json.WriteStringValue(arg);
        }

        json.WriteEndArray();
        json.WriteStartObject("Healthcheck");
        json.WriteStartArray("Test");
        json.WriteStringValue("CMD-SHELL");
        json.WriteStringValue(c.Component == "db" ? "pg_isready -U postgres -h localhost" : $"wget -qO- http://localhost:{c.PrivatePort}/ || exit 1");
        json.WriteEndArray();
        json.WriteNumber("Interval", 10_000_000_000);
        json.WriteNumber("Timeout", 5_000_000_000);
        json.WriteNumber("Retries", 3);
        json.WriteEndObject();
        json.WriteString("Image", c.Image);
        json.WriteNull("Volumes");
        json.WriteString("WorkingDir", "");
        json.WriteNull("Entrypoint");
        json.WriteNull("OnBuild");
        DockerListJson.WriteLabels(json, c);
        json.WriteEndObject();
    }

    private static void WriteNetworkSettings(Utf8JsonWriter json, SyntheticContainer c)
    {
        json.WriteStartObject("NetworkSettings");
        json.WriteString("Bridge", "");
        json.WriteString("SandboxID", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("sandbox" + c.Id))));
        json.WriteBoolean("HairpinMode", false);
        json.WriteString("LinkLocalIPv6Address", "");
        json.WriteNumber("LinkLocalIPv6PrefixLen", 0);
        json.WriteStartObject("Ports");
        DockerListJson.WriteBinding(json, c);
        json.WriteEndObject();
        json.WriteString("SandboxKey", $"/var/run/docker/netns/{c.Id[..12]}");
        json.WriteNull("SecondaryIPAddresses");
        json.WriteNull("SecondaryIPv6Addresses");
        json.WriteString("EndpointID", "");
        json.WriteString("Gateway", "");
        json.WriteString("GlobalIPv6Address", "");
        json.WriteNumber("GlobalIPv6PrefixLen", 0);
        json.WriteString("IPAddress", "");
        json.WriteNumber("IPPrefixLen", 0);
        json.WriteString("IPv6Gateway", "");
        json.WriteString("MacAddress", "");
        DockerListJson.WriteNetworks(json, c);
        json.WriteEndObject();
    }
}
