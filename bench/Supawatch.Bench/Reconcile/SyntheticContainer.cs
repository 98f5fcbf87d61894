using System.Security.Cryptography;
using System.Text;

namespace Supawatch.Bench.Reconcile;

/// <summary>One made-up tenant container; everything the Docker JSON needs, derived from its position in the fleet.</summary>
internal sealed class SyntheticContainer
{
    /// <summary>Instances whose host ports are distinct; instance <c>n</c> shares its ports with <c>n ± PortCycle</c>.</summary>
    public const int PortCycle = 4000;

    public SyntheticContainer(int instance, int component, ComponentSpec spec, DateTimeOffset now)
    {
        InstanceId = SyntheticFleet.InstanceId(instance);
        Name = $"{InstanceId}_{spec.Component}";
        Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Name)));
        Component = spec.Component;
        Image = spec.Image;
        PrivatePort = spec.Port;
        // Ports repeat every PortCycle instances: a 10,000-instance fleet's health endpoints then fit in 12,000 sockets
        // (the machine's open-file limit is 20,000) and stay below the ephemeral range (32768+).
        HostPort = 20_000 + ((instance % PortCycle) * ComponentSpec.All.Length) + component;
        Cmd = spec.Cmd;
        Created = now.AddHours(-48).AddSeconds(-instance);
        Started = Created.AddSeconds(2);
        Address = $"172.{18 + (instance / 250)}.{instance % 250}.{2 + component}";

        // Resource use for the stats API: steady per container, varied across the fleet (0.5–8 % of a core,
        // 40–250 MB), so CPU and memory series carry distinct values.
        var spread = (uint)((instance * 7919) + (component * 104_729)) % 1000;
        CpuNanosecondsPerSecond = 5_000_000 + (spread * 75_000);
        CpuBaseNanoseconds = 3_600_000_000_000UL + (spread * 1_000_000_000UL);
        MemoryBytes = (40UL << 20) + (spread * 210UL * 1024);
    }

    public string InstanceId { get; }
    public string Name { get; }
    public string Id { get; }
    public string Component { get; }
    public string Image { get; }
    public int PrivatePort { get; }
    public int HostPort { get; }
    public string[] Cmd { get; }
    public DateTimeOffset Created { get; }
    public DateTimeOffset Started { get; }
    public string Address { get; }
    public ulong CpuNanosecondsPerSecond { get; }
    public ulong CpuBaseNanoseconds { get; }
    public ulong MemoryBytes { get; }
    public string Network => $"{InstanceId}_default";
    public string PortKey => $"{PrivatePort}/tcp";
    public string ImageId => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Image)));

    // A Supabase container's environment is long; values here are placeholders, never secrets.
    public IEnumerable<string> Environment()
    {
        yield return "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        yield return $"SUPABASE_PROJECT={InstanceId}";
        yield return "JWT_SECRET=bench-placeholder-not-a-secret-0000000000000000";
        yield return "ANON_KEY=bench.placeholder.anon";
        yield return "SERVICE_ROLE_KEY=bench.placeholder.service";
        yield return "POSTGRES_HOST=db";
        yield return "POSTGRES_PORT=5432";
        yield return "POSTGRES_DB=postgres";
        yield return "POSTGRES_PASSWORD=bench-placeholder";
        yield return $"SITE_URL=https://{InstanceId}.example.invalid";
        yield return $"API_EXTERNAL_URL=https://{InstanceId}.example.invalid";
        yield return "KONG_DATABASE=off";
        yield return "KONG_DECLARATIVE_CONFIG=/home/kong/kong.yml";
        yield return "KONG_DNS_ORDER=LAST,A,CNAME";
        yield return "KONG_PLUGINS=request-transformer,cors,key-auth,acl,basic-auth";
        yield return "STUDIO_PG_META_URL=http://meta:8080";
        yield return "DEFAULT_ORGANIZATION_NAME=Bench Org";
        yield return $"DEFAULT_PROJECT_NAME={InstanceId}";
    }
}
