namespace Supawatch.Instances;

/// <summary>
/// Where discovery learns each instance's organization, project and expected state: the master database
/// (<see cref="MasterDb.MasterDbSource"/>), or <c>supawatch demo</c>'s simulated fleet.
/// </summary>
public interface IInstanceMetadataSource
{
    /// <summary>Every instance the source knows, by instance id.</summary>
    Task<IReadOnlyDictionary<string, InstanceMetadata>> ReadAsync(CancellationToken cancellationToken);
}
