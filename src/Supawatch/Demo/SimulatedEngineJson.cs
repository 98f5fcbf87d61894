using System.Text.Json.Serialization;
using Supawatch.Docker;

namespace Supawatch.Demo;

/// <summary>The simulated engine's answers, in the Docker Engine API's shapes (the models Supawatch reads them into).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<ContainerListEntry>))]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(ContainerStatsAnswer))]
[JsonSerializable(typeof(SimulatedEvent))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SimulatedEngineJson : JsonSerializerContext;
