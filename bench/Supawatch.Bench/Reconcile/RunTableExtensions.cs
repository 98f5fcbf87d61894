using System.Globalization;
using Supawatch.Bench.Measurement;

namespace Supawatch.Bench.Reconcile;

/// <summary>Writes a series of <see cref="Run"/>s as one table row: first, p50 and max wall time, CPU and allocation p50.</summary>
internal static class RunTableExtensions
{
    public static MarkdownTable Row(this MarkdownTable table, string step, IReadOnlyList<Run> runs, string goal, string met)
    {
        var wall = Summary.Of(runs.Select(r => r.WallMs));
        var cpu = Summary.Of(runs.Select(r => r.CpuMs));
        var allocated = Summary.Of(runs.Select(r => (double)r.AllocatedBytes));
        return table.Row(
            step,
            runs.Count.ToString(CultureInfo.InvariantCulture),
            Format.Ms(runs[0].WallMs),
            Format.Ms(wall.P50),
            Format.Ms(wall.Max),
            Format.Ms(cpu.P50),
            Format.MB((long)allocated.P50),
            goal,
            met);
    }
}
