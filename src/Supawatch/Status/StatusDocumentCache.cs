using System.Collections.Concurrent;
using Supawatch.Health;

namespace Supawatch.Status;

/// <summary>
/// Builds the status document, and each page rendered from it, once per round rather than once per request:
/// a busy public page costs nothing extra, and every request of one round sees the same data.
/// </summary>
public sealed class StatusDocumentCache(HealthStore store, TimeProvider time)
{
    private Entry? _cached;

    public (StatusDocument Document, byte[] Json) Current
    {
        get
        {
            var entry = Fresh();
            return (entry.Document, entry.Json);
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
        if (cached is not null && cached.Round == snapshot.Round && snapshot.Round > 0)
        {
            return cached;
        }

        var document = StatusDocumentBuilder.Build(snapshot, time.GetUtcNow());
        var entry = new Entry(snapshot.Round, document, StatusJson.Serialize(document), new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
        Volatile.Write(ref _cached, entry);
        return entry;
    }

    private sealed record Entry(long Round, StatusDocument Document, byte[] Json, ConcurrentDictionary<string, string> Pages);
}
