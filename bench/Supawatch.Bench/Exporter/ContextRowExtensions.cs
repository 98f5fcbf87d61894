using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;

namespace Supawatch.Bench.Exporter;

/// <summary>A single timed podman command: wall time only.</summary>
internal static class ContextRowExtensions
{
    public static MarkdownTable Row(this MarkdownTable table, string step, Run run) =>
        table.Row(step, "1", Format.Ms(run.WallMs), "–", "–", "–", "–", "–", "–");
}
