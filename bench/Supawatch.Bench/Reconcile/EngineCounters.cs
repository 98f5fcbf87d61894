using System.Text.Json.Serialization;

namespace Supawatch.Bench.Reconcile;

/// <summary>
/// What the synthetic engine serves and was asked since the last reset (lists, inspects, stats calls); <paramref name="NotServed"/> (requests
/// outside the calls it implements) should stay empty.
/// </summary>
internal sealed record EngineCounters(
    int Containers, long ListBytes, long InspectBytes, int Lists, int Inspects, int Stats, Dictionary<string, int> NotServed);

/// <summary>Source-generated JSON for <see cref="EngineCounters"/>.</summary>
[JsonSerializable(typeof(EngineCounters))]
internal sealed partial class EngineCountersJson : JsonSerializerContext;
