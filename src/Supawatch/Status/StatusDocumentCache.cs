using System.Collections.Concurrent;
using System.IO.Compression;
using Supawatch.Health;

namespace Supawatch.Status;

/// <summary>
/// The status document of the current round (the one the health loop built for status.json), its JSON, and each page
/// rendered from it, made once per round rather than once per request: a busy public page costs nothing extra, and
/// every request of one round sees the same data.
/// </summary>
public sealed class StatusDocumentCache(HealthStore store, StatusDocumentStore documents, TimeProvider time)
{
    private readonly Lock _building = new();
    private Entry? _cached;

    /// <summary>The document, its JSON, and that JSON gzipped on first demand (once per round, not per request).</summary>
    public (StatusDocument Document, ReadOnlyMemory<byte> Json, Lazy<byte[]> Gzip) Current
    {
        get
        {
            var entry = Fresh();
            return (entry.Document, entry.Json, entry.Gzip);
        }
    }

    /// <summary>The page for a language and organization (null for all), rendered at most once per round.</summary>
    public (string Html, bool Found) Page(string language, string? orgId)
    {
        var entry = Fresh();
        var found = orgId is null || entry.Document.Organizations.Any(o => o.OrgId == orgId);
        if (!found)
        {
            // Unknown organizations are not cached: their ids come from the request and are unbounded.
            return (StatusPageRenderer.Render(entry.Document, StatusText.For(language), orgId, time.GetUtcNow()), false);
        }

        var html = entry.Pages.GetOrAdd(
            language + "\n" + orgId,
            _ => StatusPageRenderer.Render(entry.Document, StatusText.For(language), orgId, time.GetUtcNow()));
        return (html, true);
    }

    private Entry Fresh()
    {
        var snapshot = store.Current;
        var cached = Volatile.Read(ref _cached);
        if (IsCurrent(cached, snapshot))
        {
            return cached!;
        }

        // One build per round: requests arriving together wait for it instead of each building its own
        // (at 1,000 instances a build is a 7 MB document).
        lock (_building)
        {
            cached = _cached;
            if (IsCurrent(cached, snapshot))
            {
                return cached!;
            }

            var document = documents.Current is { } built && built.Round == snapshot.Round
                ? built
                : StatusDocumentBuilder.Build(snapshot, time.GetUtcNow());
            var json = StatusJson.Serialize(document, cached?.Json.Length ?? 0);
            var entry = new Entry(snapshot.Round, document, json, new Lazy<byte[]>(() => Compress(json)), new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
            Volatile.Write(ref _cached, entry);
            return entry;
        }
    }

    private static bool IsCurrent(Entry? cached, HealthSnapshot snapshot) =>
        cached is not null && cached.Round == snapshot.Round && snapshot.Round > 0;

    private static byte[] Compress(ReadOnlyMemory<byte> json)
    {
        using var compressed = new MemoryStream(json.Length / 8);
        using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(json.Span);
        }

        return compressed.ToArray();
    }

    private sealed record Entry(long Round, StatusDocument Document, ReadOnlyMemory<byte> Json, Lazy<byte[]> Gzip, ConcurrentDictionary<string, string> Pages);
}
