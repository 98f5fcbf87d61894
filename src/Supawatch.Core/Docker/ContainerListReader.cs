using System.Buffers;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace Supawatch.Docker;

/// <summary>
/// Reads the answer of <c>GET /containers/json</c> into <see cref="ContainerListEntry"/>, entry by entry, from the response
/// stream through one reused block (<see cref="Utf8JsonReader"/>, the reader <c>System.Text.Json</c> itself is built on).
/// Written by hand instead of <c>JsonSerializer.DeserializeAsync</c>: a Docker list entry is about 1.6 KB of which
/// discovery reads six fields, and at 10,000 instances (20 lists of 1,500 entries, 48 MB) the serializer's resumable
/// path spent about 0.65 s of CPU per warm reconcile on two cores, most of the reconcile's time (a <c>perf</c> profile of
/// the NativeAOT service, docs/scaling.md, "The list read by hand"). This reader decodes only the six fields, keeps only
/// the <c>supawatch.*</c> labels (as <see cref="SupawatchLabelsConverter"/> does for inspects), and never holds more than
/// one block plus the entries.
/// <para>
/// Given what the caller already knows (<c>known</c>: an entry's <see cref="ContainerListEntry.ListedHash"/> to its id),
/// every entry is hashed as it stands in the answer, and one identical byte for byte to a known entry is not decoded at
/// all: it comes back <see cref="ContainerListEntry.Unchanged"/>, with its id and hash only. A warm reconcile of an
/// unchanged fleet then allocates almost nothing per container, where decoding every entry allocated about 44 MB at
/// 10,000 instances, promoted through the GC's generations while the reconcile ran (docs/scaling.md, "Unchanged entries
/// are not decoded").
/// </para>
/// </summary>
internal static class ContainerListReader
{
    private const int BlockSize = 64 * 1024;

    /// <summary>No single entry is this large; a stream that claims one is not a container list.</summary>
    private const int MaxEntryBytes = 16 * 1024 * 1024;

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

    /// <exception cref="JsonException">The answer is not a JSON array of container objects.</exception>
    public static Task<List<ContainerListEntry>> ReadAsync(Stream body, CancellationToken cancellationToken) =>
        ReadAsync(body, known: null, cancellationToken);

    /// <param name="known">The id of the entry a <see cref="ContainerListEntry.ListedHash"/> was read from before; null reads every entry whole and hashes none.</param>
    /// <exception cref="JsonException">The answer is not a JSON array of container objects.</exception>
    public static async Task<List<ContainerListEntry>> ReadAsync(Stream body, Func<UInt128, string?>? known, CancellationToken cancellationToken)
    {
        var entries = new List<ContainerListEntry>();
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        var progress = new Progress();
        try
        {
            var filled = 0;
            while (!progress.Done)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxEntryBytes)
                    {
                        throw new JsonException($"the container list has an entry of more than {MaxEntryBytes / (1024 * 1024)} MB");
                    }

                    buffer = Doubled(buffer, filled);
                }

                var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                var final = read == 0;
                filled += read;
                int consumed;
                try
                {
                    consumed = Parse(buffer.AsSpan(0, filled), final, ref progress, known, entries);
                }
                catch (JsonException ex) when (ex.BytePositionInLine is not null)
                {
                    // Utf8JsonReader's own error (it alone gives a position): say which answer it is about.
                    throw new JsonException(
                        final && filled == 0 && !progress.Begun ? "the container list is empty" : $"the container list is not valid JSON{(final ? " or ends before its closing ']'" : "")}: {ex.Message}", ex);
                }

                if (final && !progress.Done)
                {
                    throw new JsonException("the container list ends before its closing ']'");
                }

                // What is left is the start of an entry not yet whole: keep it at the front of the block.
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }

            return entries;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A pooled block twice the size of <paramref name="buffer"/> holding its first <paramref name="filled"/> bytes; <paramref name="buffer"/> goes back to the pool.</summary>
    internal static byte[] Doubled(byte[] buffer, int filled)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>Reads every whole entry in <paramref name="data"/>; returns the bytes used, up to the first entry not yet whole.</summary>
    private static int Parse(ReadOnlySpan<byte> data, bool final, ref Progress progress, Func<UInt128, string?>? known, List<ContainerListEntry> entries)
    {
        var reader = new Utf8JsonReader(data, final, progress.State);
        if (!progress.Begun)
        {
            if (!reader.Read())
            {
                return 0;
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                progress.Done = true;
                return (int)reader.BytesConsumed;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"the container list is not an array but {reader.TokenType}");
            }

            progress.Begun = true;
        }

        while (true)
        {
            var entryStart = reader;
            if (!reader.Read())
            {
                reader = entryStart;
                break;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                progress.Done = true;
                break;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"a container list entry is not an object but {reader.TokenType}");
            }

            var hash = UInt128.Zero;
            if (known is not null)
            {
                var end = reader;
                if (!end.TrySkip())
                {
                    reader = entryStart;
                    break;
                }

                hash = XxHash128.HashToUInt128(data[(int)reader.TokenStartIndex..(int)end.BytesConsumed]);
                if (known(hash) is { } id)
                {
                    entries.Add(new ContainerListEntry { Id = id, ListedHash = hash, Unchanged = true });
                    reader = end;
                    continue;
                }
            }

            if (!TryReadEntry(ref reader, hash, out var entry))
            {
                reader = entryStart;
                break;
            }

            entries.Add(entry);
        }

        progress.State = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    /// <summary>One entry, from just past its <c>{</c>; false when the block ends inside it.</summary>
    private static bool TryReadEntry(ref Utf8JsonReader reader, UInt128 hash, out ContainerListEntry entry)
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
                Field.Ports => TryReadPorts(ref reader, out ports),
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
            if (NameIs(ref reader, name))
            {
                return field;
            }
        }

        return Field.Other;
    }

    /// <summary>The property name, in any casing, as the serializer read it (<c>PropertyNameCaseInsensitive</c>).</summary>
    internal static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader is { HasValueSequence: false, ValueIsEscaped: false }
            ? Ascii.EqualsIgnoreCase(reader.ValueSpan, name)
            : Ascii.EqualsIgnoreCase(Encoding.UTF8.GetBytes(reader.GetString()!), name);

    private static bool TryReadString(ref Utf8JsonReader reader, out string? value)
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

    private static bool TryReadPorts(ref Utf8JsonReader reader, out List<ContainerListPort>? ports)
    {
        ports = null;
        if (!TryOpen(ref reader, JsonTokenType.StartArray, "Ports", out var isNull))
        {
            return false;
        }

        if (isNull)
        {
            return true;
        }

        ports = [];
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

            Expect(ref reader, JsonTokenType.StartObject, "Ports");
            if (!TryReadPort(ref reader, out var port))
            {
                return false;
            }

            ports.Add(port);
        }
    }

    private static bool TryReadPort(ref Utf8JsonReader reader, out ContainerListPort port)
    {
        port = null!;
        string? ip = null, type = null;
        int privatePort = 0;
        int? publicPort = null;
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

            bool whole;
            if (NameIs(ref reader, "IP"u8))
            {
                whole = TryReadString(ref reader, out ip);
            }
            else if (NameIs(ref reader, "Type"u8))
            {
                whole = TryReadString(ref reader, out type);
            }
            else if (NameIs(ref reader, "PrivatePort"u8))
            {
                whole = TryReadPortNumber(ref reader, out var number);
                privatePort = number ?? 0;
            }
            else if (NameIs(ref reader, "PublicPort"u8))
            {
                whole = TryReadPortNumber(ref reader, out publicPort);
            }
            else
            {
                whole = reader.TrySkip();
            }

            if (!whole)
            {
                return false;
            }
        }

        port = new ContainerListPort { Ip = ip, PrivatePort = privatePort, PublicPort = publicPort, Type = type };
        return true;
    }

    private static bool TryReadPortNumber(ref Utf8JsonReader reader, out int? number)
    {
        number = null;
        if (!reader.Read())
        {
            return false;
        }

        number = reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
            JsonTokenType.Null => null,
            _ => throw new JsonException($"a port number in the container list is {reader.TokenType}, not a whole number"),
        };
        return true;
    }

    /// <summary>
    /// Reads the value after a property name, which must be <paramref name="start"/> or null; false when the block ends
    /// before it.
    /// </summary>
    private static bool TryOpen(ref Utf8JsonReader reader, JsonTokenType start, string field, out bool isNull)
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

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string field)
    {
        if (reader.TokenType != expected)
        {
            throw new JsonException($"the container list's {field} holds {reader.TokenType} where {expected} belongs");
        }
    }

    /// <summary>Where the read stands between blocks.</summary>
    private struct Progress
    {
        public JsonReaderState State;
        public bool Begun;
        public bool Done;
    }
}
