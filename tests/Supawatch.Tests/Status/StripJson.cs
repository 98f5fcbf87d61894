using System.Buffers;
using System.Text;
using System.Text.Json;
using Supawatch.Status;

namespace Supawatch.Tests.Status;

/// <summary>A 90-day strip as status.json writes it: through its converter, with the document's encoder.</summary>
internal static class StripJson
{
    public static string Of(IReadOnlyList<StatusDay> days, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder }))
        {
            new StatusDaysJsonConverter().Write(writer, days, options);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
