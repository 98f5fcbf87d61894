using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supawatch.Health;

/// <summary>Serializes <see cref="StatusDocument"/>: snake_case, enums as lower-case strings, markup escaped.</summary>
public static class StatusJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // Escapes <, >, & and quotes: a hostile project name stays inert wherever the JSON is embedded.
        Encoder = JavaScriptEncoder.Default,
        WriteIndented = true,
    };

    public static byte[] Serialize(StatusDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, Options);
}
