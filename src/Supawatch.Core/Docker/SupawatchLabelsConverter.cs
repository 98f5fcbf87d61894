using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supawatch.Docker;

/// <summary>
/// Reads a container's <c>Labels</c> keeping only Supawatch's own (<c>supawatch.*</c>), the only ones discovery reads
/// (<see cref="Instances.ContainerNameParser"/>). A compose-managed container carries eight or more
/// <c>com.docker.compose.*</c> labels with long keys and paths: at 10,000 instances the 20 list reads of a warm reconcile
/// made 540,000 strings and 30,000 dictionaries of them. Parsing the synthetic engine's lists allocated 95 MB per
/// reconcile with every label and 35 MB with ours only, in about 0.4× the time (docs/scaling.md, reconcile-10000).
/// Inspect answers are read with it; the list has its own reader (<see cref="ContainerListReader"/>) that keeps the same
/// labels by the same rule (<see cref="IsOurs"/>).
/// </summary>
public sealed class SupawatchLabelsConverter : JsonConverter<Dictionary<string, string>>
{
    public const string Prefix = "supawatch.";

    private static ReadOnlySpan<byte> PrefixUtf8 => "supawatch."u8;

    public override Dictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Labels: expected an object, found {reader.TokenType}");
        }

        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = IsOurs(ref reader) ? reader.GetString() : null;
            reader.Read();
            if (key is not null && reader.TokenType == JsonTokenType.String)
            {
                kept[key] = reader.GetString()!;
            }
            else if (!reader.TrySkip())
            {
                // The serializer reads a custom converter's whole value before calling it, even from a stream, so
                // TrySkip (Skip refuses any block that is not the last) always finds the rest of it.
                throw new JsonException("Labels: the object ends before its last value");
            }
        }

        return kept;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            writer.WriteString(key, text);
        }

        writer.WriteEndObject();
    }

    /// <summary>Decided on the raw bytes, so another label's key is never made into a string.</summary>
    internal static bool IsOurs(ref Utf8JsonReader reader) =>
        reader is { HasValueSequence: false, ValueIsEscaped: false }
            ? reader.ValueSpan.StartsWith(PrefixUtf8)
            : reader.GetString()!.StartsWith(Prefix, StringComparison.Ordinal);
}
