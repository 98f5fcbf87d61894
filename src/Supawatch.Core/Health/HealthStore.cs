using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>Holds the current <see cref="HealthSnapshot"/>; the health loop is the only writer. Versions are rounds.</summary>
public sealed class HealthStore() : SnapshotStore<HealthSnapshot>(HealthSnapshot.Empty)
{
    protected override long VersionOf(HealthSnapshot snapshot) => snapshot.Round;
}
