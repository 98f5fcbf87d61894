using Supawatch.Health;

namespace Supawatch.Status;

/// <summary>
/// Builds the status document once per round, not once per request: a busy public page costs nothing
/// extra, and every request of one round sees the same data.
/// </summary>
public sealed class StatusDocumentCache(HealthStore store, TimeProvider time)
{
    private Entry? _cached;

    public (StatusDocument Document, byte[] Json) Current
    {
        get
        {
            var snapshot = store.Current;
            var cached = Volatile.Read(ref _cached);
            if (cached is not null && cached.Round == snapshot.Round && snapshot.Round > 0)
            {
                return (cached.Document, cached.Json);
            }

            var document = StatusDocumentBuilder.Build(snapshot, time.GetUtcNow());
            var json = StatusJson.Serialize(document);
            Volatile.Write(ref _cached, new Entry(snapshot.Round, document, json));
            return (document, json);
        }
    }

    private sealed record Entry(long Round, StatusDocument Document, byte[] Json);
}
