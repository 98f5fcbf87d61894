using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;

namespace Supawatch.Bench.Reconcile;

/// <summary>
/// A made-up Supabase fleet as the Docker Engine API would describe it: <c>instances</c> × kong/studio/db,
/// named <c>&lt;n&gt;_app_&lt;m&gt;_&lt;component&gt;</c>, all running, each publishing one port on 127.0.0.1.
/// The JSON is rendered once up front so the synthetic engine costs as little as possible while measuring.
/// </summary>
internal sealed class SyntheticFleet
{
    private SyntheticFleet(int instances, byte[] list, FrozenDictionary<string, byte[]> inspect, FrozenDictionary<string, SyntheticContainer> byId)
    {
        Instances = instances;
        ListJson = list;
        InspectJson = inspect;
        ById = byId;
    }

    public int Instances { get; }

    public int Containers => Instances * ComponentSpec.All.Length;

    /// <summary>The body of <c>GET /containers/json?all=true</c>.</summary>
    public byte[] ListJson { get; }

    /// <summary>Container id → the body of <c>GET /containers/{id}/json</c>.</summary>
    public FrozenDictionary<string, byte[]> InspectJson { get; }

    /// <summary>Container id → the container, for the stats API, which renders per request.</summary>
    public FrozenDictionary<string, SyntheticContainer> ById { get; }

    public long InspectBytes => InspectJson.Values.Sum(b => (long)b.Length);

    public static string InstanceId(int index) => $"{100 + (index % 97)}_app_{index + 1}";

    /// <param name="first">Index of the first instance: fleets served by several engines (one per host) stay disjoint.</param>
    public static SyntheticFleet Create(int instances, DateTimeOffset now, int first = 0)
    {
        var list = new ArrayBufferWriter<byte>(instances * ComponentSpec.All.Length * 1200);
        var inspect = new Dictionary<string, byte[]>(instances * ComponentSpec.All.Length, StringComparer.Ordinal);
        var byId = new Dictionary<string, SyntheticContainer>(instances * ComponentSpec.All.Length, StringComparer.Ordinal);
        using (var json = new Utf8JsonWriter(list))
        {
            json.WriteStartArray();
            for (var i = first; i < first + instances; i++)
            {
                for (var c = 0; c < ComponentSpec.All.Length; c++)
                {
                    var container = new SyntheticContainer(i, c, ComponentSpec.All[c], now);
                    DockerListJson.WriteEntry(json, container);
                    inspect[container.Id] = DockerInspectJson.Render(container);
                    byId[container.Id] = container;
                }
            }

            json.WriteEndArray();
        }

        return new SyntheticFleet(instances, list.WrittenSpan.ToArray(), inspect.ToFrozenDictionary(StringComparer.Ordinal), byId.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
