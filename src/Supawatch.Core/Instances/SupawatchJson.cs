using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Supawatch.Instances;

/// <summary>
/// JSON conventions of every Supawatch document (API, status.json): snake_case, enums as strings, markup escaped,
/// compact (an indented status.json at 1,000 instances was 14.5 MB instead of 6.7 MB; <c>jq .</c> indents it).
/// Each document's types are described by its concept's source-generated context (<c>StatusJsonContext</c>,
/// <c>ApiJsonContext</c>), not reflection, so serializing needs no runtime code generation and the shapes are fixed at build time.
/// </summary>
public static class SupawatchJson
{
    /// <summary>The conventions over <paramref name="resolver"/>, a concept's source-generated context.</summary>
    public static JsonSerializerOptions For(IJsonTypeInfoResolver resolver) => new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters =
        {
            new JsonStringEnumConverter<HealthStatus>(JsonNamingPolicy.SnakeCaseLower),
            new JsonStringEnumConverter<ContainerState>(JsonNamingPolicy.SnakeCaseLower),
        },
        // Escapes <, >, & and quotes: a hostile project name stays inert wherever the JSON is embedded.
        Encoder = JavaScriptEncoder.Default,
        TypeInfoResolver = resolver,
    };

    /// <summary>The typed metadata of <typeparamref name="T"/> under <paramref name="options"/>, for the <c>JsonTypeInfo</c> overloads.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(this JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}

