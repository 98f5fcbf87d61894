using Microsoft.Extensions.Logging;
using Supawatch.Instances;
using Supawatch.MasterDb;

namespace Supawatch.Discovery;

/// <summary>
/// The metadata last read from the master database (this replica's shard of it) for <see cref="DiscoveryEngine"/>:
/// a failed read keeps the last good rows, marks the source down in <see cref="DiscoveryHealth"/> and logs what to fix.
/// </summary>
internal sealed class MasterDbMetadata(
    IInstanceMetadataSource? source,
    string redactedUrl,
    DiscoveryHealth health,
    Shard shard,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The last good rows by instance id; null until the first read succeeds (or always, with no master DB).</summary>
    public IReadOnlyDictionary<string, InstanceMetadata>? Current { get; private set; }

    public bool IsConfigured => source is not null;

    /// <summary>No master DB, or one that has answered at least once.</summary>
    public bool HasAnswered => source is null || Current is not null;

    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        if (source is null)
        {
            return;
        }

        try
        {
            var wasDown = health.MasterDbStatus is { LastSuccess: not null, Up: false };
            var metadata = await source.ReadAsync(cancellationToken);
            Current = shard.IsAll ? metadata : metadata.Where(m => shard.Owns(m.Key)).ToDictionary(StringComparer.Ordinal);
            health.MasterDbSucceeded(time.GetUtcNow());
            if (wasDown)
            {
                DiscoveryLog.MasterDbRecovered(logger);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = MasterDbErrors.Describe(ex, redactedUrl);
            health.MasterDbFailed(time.GetUtcNow(), error);
            DiscoveryLog.MasterDbFailed(logger, error);
        }
    }
}
