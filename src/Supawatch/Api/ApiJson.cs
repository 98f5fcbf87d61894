using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Supawatch.Instances;

namespace Supawatch.Api;

/// <summary>Supawatch's JSON conventions (<see cref="SupawatchJson"/>) for the documents the HTTP API serves.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } =
        SupawatchJson.For(JsonTypeInfoResolver.Combine(ApiJsonContext.Default, SupawatchJsonContext.Default));
}

[JsonSerializable(typeof(InstancesResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
