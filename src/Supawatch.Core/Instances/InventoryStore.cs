namespace Supawatch.Instances;

/// <summary>
/// Holds the current <see cref="InventorySnapshot"/> and tells consumers when a new one is published.
/// Discovery is the only writer.
/// </summary>
public sealed class InventoryStore() : SnapshotStore<InventorySnapshot>(InventorySnapshot.Empty)
{
    protected override long VersionOf(InventorySnapshot snapshot) => snapshot.Version;
}
