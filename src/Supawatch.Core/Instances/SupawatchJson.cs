using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supawatch.Instances;

/// <summary>
/// JSON conventions of every Supawatch document (API, status.json): snake_case, enums as strings, markup escaped,
/// compact (an indented status.json at 1,000 instances was 14.5 MB instead of 6.7 MB; <c>jq .</c> indents it).
/// </summary>
public static class SupawatchJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // Escapes <, >, & and quotes: a hostile project name stays inert wherever the JSON is embedded.
        Encoder = JavaScriptEncoder.Default,
    };
}
