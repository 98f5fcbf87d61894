namespace Supawatch.Bench.DiscoveryLatency;

/// <summary>
/// One container's round trip, in milliseconds: how long <c>podman run</c> and <c>podman rm</c> took, and how
/// long after each returned the instance appeared in (or left) <c>/sd</c>; null when it did not within the timeout.
/// </summary>
internal sealed record LatencySample(double RunMs, double? AppearMs, double RemoveMs, double? GoneMs);
