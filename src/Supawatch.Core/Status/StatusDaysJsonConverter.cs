using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supawatch.Status;

/// <summary>
/// Writes a 90-day strip as a JSON array of <see cref="StatusDay"/>: a <see cref="StatusDays"/> as its kept bytes
/// (written once, reused by every round whose strip has the same values), any other list day by day.
/// </summary>
public sealed class StatusDaysJsonConverter : JsonConverter<IReadOnlyList<StatusDay>>
{
    private static readonly StatusDayJsonConverter Day = new();

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<StatusDay> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value is StatusDays days)
        {
            writer.WriteRawValue(days.Json(options).Span, skipInputValidation: true);
            return;
        }

        WriteEach(writer, value, options);
    }

    /// <summary>Status documents are only ever written (status.json, the JSON API); nothing reads them back.</summary>
    public override IReadOnlyList<StatusDay> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("status documents are written, never read back");

    internal static void WriteEach(Utf8JsonWriter writer, IReadOnlyList<StatusDay> days, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        for (var i = 0; i < days.Count; i++)
        {
            Day.Write(writer, days[i], options);
        }

        writer.WriteEndArray();
    }
}
