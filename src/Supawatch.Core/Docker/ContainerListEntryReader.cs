using System.Text.Json;

namespace Supawatch.Docker;

/// <summary>
/// One entry of <c>GET /containers/json</c> for <see cref="ContainerListReader"/>: the six fields discovery reads
/// (<c>Id</c>, <c>Names</c>, <c>Labels</c> — <c>supawatch.*</c> only —, <c>State</c>, <c>Status</c>, <c>Ports</c>), in any
/// casing as the serializer read them; every other field is skipped. Each reader returns false when the block ends
/// before what it reads does, and throws <see cref="JsonException"/>, naming the field, when a value has the wrong type.
/// </summary>
internal static class ContainerListEntryReader
{
    private static readonly (byte[] Name, Field Field)[] Fields =
        [("Id"u8.ToArray(), Field.Id), ("Names"u8.ToArray(), Field.Names), ("Labels"u8.ToArray(), Field.Labels),
         ("State"u8.ToArray(), Field.State), ("Status"u8.ToArray(), Field.Status), ("Ports"u8.ToArray(), Field.Ports)];

    private enum Field
    {
        Other,
        Id,
        Names,
        Labels,
        State,
        Status,
        Ports,
    }

    /// <summary>One entry, from just past its <c>{</c>; false when the block ends inside it.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, UInt128 hash, out ContainerListEntry entry)
    {
        entry = null!;
        string? id = null, state = null, status = null;
        List<string>? names = null;
        Dictionary<string, string>? labels = null;
        List<ContainerListPort>? ports = null;
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var field = FieldOf(ref reader);
            var whole = field switch
            {
                Field.Id => TryReadString(ref reader, out id),
                Field.State => TryReadString(ref reader, out state),
                Field.Status => TryReadString(ref reader, out status),
                Field.Names => TryReadNames(ref reader, out names),
                Field.Labels => TryReadLabels(ref reader, out labels),
                Field.Ports => ContainerListPortsReader.TryRead(ref reader, out ports),
                _ => reader.TrySkip(),
            };
            if (!whole)
            {
                return false;
            }
        }

        entry = new ContainerListEntry { Id = id ?? "", Names = names, Labels = labels, State = state, Status = status, Ports = ports, ListedHash = hash };
        return true;
    }

    private static Field FieldOf(ref Utf8JsonReader reader)
    {
        foreach (var (name, field) in Fields)
        {
            if (reader.NameIs(name))
            {
                return field;
            }
        }

        return Field.Other;
    }

    internal static bool TryReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (!reader.Read())
        {
            return false;
        }

        value = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"a container list field holds {reader.TokenType} where text belongs"),
        };
        return true;
    }

    private static bool TryReadNames(ref Utf8JsonReader reader, out List<string>? names)
    {
        names = null;
        if (!TryOpen(ref reader, JsonTokenType.StartArray, "Names", out var isNull))
        {
            return false;
        }

        if (isNull)
        {
            return true;
        }

        names = new List<string>(1);
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            Expect(ref reader, JsonTokenType.String, "Names");
            names.Add(reader.GetString()!);
        }
    }

    /// <summary>Only the <c>supawatch.*</c> labels, decided on the raw key bytes so another label's key is never made a string.</summary>
    private static bool TryReadLabels(ref Utf8JsonReader reader, out Dictionary<string, string>? labels)
    {
        labels = null;
        if (!TryOpen(ref reader, JsonTokenType.StartObject, "Labels", out var isNull))
        {
            return false;
        }

        if (isNull)
        {
            return true;
        }

        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            var key = SupawatchLabelsConverter.IsOurs(ref reader) ? reader.GetString() : null;
            if (key is null)
            {
                if (!reader.TrySkip())
                {
                    return false;
                }

                continue;
            }

            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                labels[key] = reader.GetString()!;
            }
            else if (!reader.TrySkip())
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Reads the value after a property name, which must be <paramref name="start"/> or null; false when the block ends
    /// before it.
    /// </summary>
    internal static bool TryOpen(ref Utf8JsonReader reader, JsonTokenType start, string field, out bool isNull)
    {
        isNull = false;
        if (!reader.Read())
        {
            return false;
        }

        isNull = reader.TokenType == JsonTokenType.Null;
        if (!isNull)
        {
            Expect(ref reader, start, field);
        }

        return true;
    }

    internal static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string field)
    {
        if (reader.TokenType != expected)
        {
            throw new JsonException($"the container list's {field} holds {reader.TokenType} where {expected} belongs");
        }
    }
}
