using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supawatch.Api;

/// <summary>JSON conventions of every Supawatch document: snake_case, enums as strings, markup escaped.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // The default encoder escapes <, >, & and quotes, so a hostile project name is inert in any page that embeds it.
        Encoder = JavaScriptEncoder.Default,
        WriteIndented = true,
    };
}
