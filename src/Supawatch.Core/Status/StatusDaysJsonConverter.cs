using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supawatch.Status;

/// <summary>
/// Writes a 90-day strip as a JSON array of <see cref="StatusDay"/>, day by day (a <see cref="StatusDays"/> from its
/// compact past days without making a <see cref="StatusDay"/> for each).
/// </summary>
public sealed class StatusDaysJsonConverter : JsonConverter<IReadOnlyList<StatusDay>>
{
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<StatusDay> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        if (value is StatusDays strip)
        {
            strip.WriteDays(writer);
        }
        else
        {
            foreach (var day in value)
            {
                StatusDayJsonConverter.Write(writer, day.Date, day.Status, day.Uptime);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Status documents are only ever written (status.json, the JSON API); nothing reads them back.</summary>
    public override IReadOnlyList<StatusDay> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("status documents are written, never read back");
}
