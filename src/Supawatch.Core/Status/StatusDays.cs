using System.Buffers;
using System.Collections;
using System.Text.Json;

namespace Supawatch.Status;

/// <summary>
/// A 90-day uptime strip (<see cref="StatusInstance.Days"/>, <see cref="StatusOrganization.Days"/>) that keeps its own
/// JSON once written. The strip is most of status.json (about 4 KB of an instance's 6) and changes at most a few times a
/// day, while every round rewrites the document: <see cref="StatusDaysCache"/> hands the builder the previous round's
/// strip when its values are the same, and <see cref="StatusDaysJsonConverter"/> writes the kept bytes, so a round
/// serializes only the strips that changed (issue 25). Immutable: the kept JSON always matches the values.
/// </summary>
public sealed class StatusDays : IReadOnlyList<StatusDay>
{
    private readonly StatusDay[] _days;
    private byte[]? _json;

    public StatusDays(ReadOnlySpan<StatusDay> days) => _days = days.ToArray();

    public int Count => _days.Length;

    public StatusDay this[int index] => _days[index];

    /// <summary>The values, for comparing without copying.</summary>
    public ReadOnlySpan<StatusDay> Span => _days;

    /// <summary>
    /// The strip as a JSON array, written once with <paramref name="options"/>' encoder by the same converter as a lone
    /// <see cref="StatusDay"/> (so the bytes equal what writing the values one by one gives; StatusDaysTests pins it).
    /// </summary>
    public ReadOnlyMemory<byte> Json(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Volatile.Read(ref _json) is { } json)
        {
            return json;
        }

        var buffer = new ArrayBufferWriter<byte>(64 * (_days.Length + 1));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true }))
        {
            StatusDaysJsonConverter.WriteEach(writer, _days, options);
        }

        // Two threads may both write it; they write the same bytes.
        json = buffer.WrittenSpan.ToArray();
        Volatile.Write(ref _json, json);
        return json;
    }

    public IEnumerator<StatusDay> GetEnumerator() => ((IEnumerable<StatusDay>)_days).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
