namespace Supawatch.Bench.DiscoveryLatency;

/// <summary>
/// One container's round trip, in milliseconds; a latency is null when the instance did not appear in (or leave)
/// <c>/sd</c> within the timeout.
/// </summary>
/// <param name="RunMs">How long <c>podman run -d</c> took.</param>
/// <param name="AfterReturnMs">From <c>podman run</c> returning to the instance in <c>/sd</c>; 0 when it was there already.</param>
/// <param name="AfterCreatedMs">From podman's own creation time of the container to the instance in <c>/sd</c>.</param>
/// <param name="RemoveMs">How long <c>podman rm -f -t 0</c> took.</param>
/// <param name="GoneMs">From <c>podman rm</c> returning to the instance gone from <c>/sd</c>.</param>
internal sealed record LatencySample(double RunMs, double? AfterReturnMs, double? AfterCreatedMs, double RemoveMs, double? GoneMs);
