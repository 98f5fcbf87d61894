using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Supawatch.Instances;

namespace Supawatch.Api;

/// <summary>Supawatch's JSON conventions (<see cref="SupawatchJson"/>) for the documents the HTTP API serves.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } =
        SupawatchJson.For(ApiJsonContext.Default);

    public static JsonTypeInfo<InstancesResponse> Instances { get; } = Options.TypeInfo<InstancesResponse>();

    public static JsonTypeInfo<ApiError> Error { get; } = Options.TypeInfo<ApiError>();
}

/// <summary>The body of a refused API request: <c>{"error": "what to fix"}</c>.</summary>
public sealed record ApiError(string Error);

[JsonSerializable(typeof(InstancesResponse))]
[JsonSerializable(typeof(ApiError))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
