namespace Supawatch.Bench.Reconcile;

/// <summary>
/// What the real <c>supawatch serve</c> process showed after its start-up reconcile of the synthetic fleet.
/// </summary>
/// <param name="ReadyMs">Process start → <c>/readyz</c> answering 200 with every target in <c>/sd</c>.</param>
/// <param name="ReconcileMs">The service's own timing of its first full reconcile (from <c>/metrics</c>).</param>
/// <param name="ResidentBytes">VmRSS a second after it was ready.</param>
/// <param name="PeakResidentBytes">VmHWM: the most it ever held resident.</param>
internal sealed record ServiceReading(double ReadyMs, double ReconcileMs, long ResidentBytes, long PeakResidentBytes);
