using System.Collections.Concurrent;
using Supawatch.Instances;

namespace Supawatch.Notices;

/// <summary>
/// Prepared Atom feeds: built once per organization after a change of the notices or the inventory, then served as
/// bytes; a request never rebuilds one that is current.
/// </summary>
public sealed class NoticeFeeds(NoticeBoard board, InventoryStore inventory, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Prepared> _feeds = new(StringComparer.Ordinal);

    /// <summary>How many feeds were built (for tests and the bench: requests do not count).</summary>
    public long Builds => Interlocked.Read(ref _builds);

    private long _builds;

    /// <summary>The organization's feed, or null when it is not known.</summary>
    /// <param name="hideIds"><c>SUPAWATCH_STATUS_HIDE_IDS</c>: no instance ids or host names in it (<see cref="NoticeFeed.Build"/>).</param>
    public byte[]? For(string orgId, bool hideIds)
    {
        var notices = board.Current;
        var snapshot = inventory.Current;
        if (_feeds.TryGetValue(orgId, out var prepared) && prepared.Notices == notices.Version && prepared.Inventory == snapshot.Version
            && prepared.HideIds == hideIds)
        {
            return prepared.Body;
        }

        if (_feeds.Count > 10_000)
        {
            _feeds.Clear();
        }

        var body = NoticeFeed.Build(orgId, notices, snapshot, time.GetUtcNow(), hideIds);
        Interlocked.Increment(ref _builds);
        _feeds[orgId] = new Prepared(notices.Version, snapshot.Version, hideIds, body);
        return body;
    }

    private sealed record Prepared(long Notices, long Inventory, bool HideIds, byte[]? Body);
}
