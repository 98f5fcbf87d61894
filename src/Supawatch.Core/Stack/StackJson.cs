using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Supawatch.Instances;

namespace Supawatch.Stack;

/// <summary>
/// The stack's own files (<c>stack.json</c>, the checksum manifest), serialized without reflection so the native
/// binary reads and writes them like the JIT build: camelCase, indented, the runtime as <c>"native"</c>.
/// </summary>
internal static class StackJson
{
    private static readonly JsonSerializerOptions Conventions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter<StackRuntime>(JsonNamingPolicy.CamelCase) },
        TypeInfoResolver = StackJsonContext.Default,
    };

    public static JsonTypeInfo<StackSettings> Settings { get; } = Conventions.TypeInfo<StackSettings>();

    public static JsonTypeInfo<Dictionary<string, string>> Manifest { get; } = Conventions.TypeInfo<Dictionary<string, string>>();

    public static JsonTypeInfo<SortedDictionary<string, string>> SortedManifest { get; } = Conventions.TypeInfo<SortedDictionary<string, string>>();
}

[JsonSerializable(typeof(StackSettings))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class StackJsonContext : JsonSerializerContext;
