using System.Buffers;
using System.IO.Hashing;
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

            if (!ContainerListEntryReader.TryRead(ref reader, hash, out var entry))
            {
                reader = entryStart;
                break;
            }

            entries.Add(entry);
        }

        progress.State = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    /// <summary>Where the read stands between blocks.</summary>
    private struct Progress
    {
        public JsonReaderState State;
        public bool Begun;
        public bool Done;
    }
}
