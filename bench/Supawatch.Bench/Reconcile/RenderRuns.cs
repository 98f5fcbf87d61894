namespace Supawatch.Bench.Reconcile;

/// <summary>Timed <c>ScrapeTargets.Render</c> calls over one snapshot, and the size of what they wrote.</summary>
internal sealed record RenderRuns(IReadOnlyList<Run> Runs, int Bytes, int Groups);
