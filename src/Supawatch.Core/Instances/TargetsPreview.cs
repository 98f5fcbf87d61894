namespace Supawatch.Instances;

/// <summary>
/// The scrape targets of a cold start, before the inventory has them: discovery publishes here a snapshot built
/// from the container lists alone (identity, state, labels, published ports) while the inspects of every container
/// are still running, and clears it when the full inventory is published. Only the targets (<c>/sd</c> and
/// <c>instances.json</c>) read it; health rounds, the exporter, the status page and history read
/// <see cref="InventoryStore"/> alone, because a list entry has no restart count, exit code, health or anon key
/// (a restart count exported as 0 and then 5 would fire a restart alert).
/// </summary>
public sealed class TargetsPreview() : SnapshotStore<TargetsPreview.Entry>(new Entry(0, null))
{
    /// <summary>The provisional snapshot; null when there is none (the inventory holds the targets).</summary>
    public InventorySnapshot? Snapshot => Current.Snapshot;

    /// <summary>What the targets are rendered from: the provisional snapshot while there is one, else <paramref name="inventory"/>.</summary>
    public InventorySnapshot For(InventorySnapshot inventory) => Snapshot ?? inventory;

    public void Show(InventorySnapshot snapshot) => Publish(new Entry(Current.Version + 1, snapshot));

    /// <summary>Drops the provisional snapshot (the full inventory was published); a no-op when there is none.</summary>
    public void Clear()
    {
        if (Snapshot is not null)
        {
            Publish(new Entry(Current.Version + 1, null));
        }
    }

    protected override long VersionOf(Entry entry) => entry.Version;

    /// <param name="Version">Increases with every change, clearing included.</param>
    public sealed record Entry(long Version, InventorySnapshot? Snapshot);
}
