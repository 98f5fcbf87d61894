using Supawatch.Common;
using Supawatch.Instances;

namespace Supawatch.Cli;

/// <summary>Prints the inventory as an aligned text table.</summary>
public static class InstanceTable
{
    private const int MaxCell = 40;
    private static readonly string[] Header = ["INSTANCE", "ORG", "PROJECT", "STATE", "CONTAINERS", "MISSING"];

    public static void Write(InventorySnapshot snapshot, TextWriter output)
    {
        var rows = new List<string[]> { Header };
        foreach (var instance in snapshot.Instances)
        {
            var running = instance.Containers.Count(c => c.IsRunning);
            rows.Add(
            [
                instance.InstanceId,
                instance.OrgName ?? instance.OrgId ?? "-",
                instance.ProjectName ?? "-",
                instance.Containers.IsEmpty ? "no containers" : instance.IsRunning ? "running" : "not running",
                $"{running}/{instance.Containers.Length} running",
                instance.MissingComponents.IsEmpty ? "-" : string.Join(",", instance.MissingComponents),
            ]);
        }

        var cells = rows.Select(r => r.Select(Cell).ToArray()).ToList();
        var widths = Enumerable.Range(0, cells[0].Length).Select(i => cells.Max(r => r[i].Length)).ToArray();
        foreach (var row in cells)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        output.WriteLine($"{snapshot.Instances.Length} instances, {snapshot.ContainerCount} containers");
        var drift = snapshot.Drift;
        if (!drift.WithoutContainers.IsEmpty || !drift.WithoutMetadata.IsEmpty || !drift.MissingComponents.IsEmpty)
        {
            output.WriteLine($"drift: {drift.WithoutContainers.Length} in the master DB without containers, " +
                             $"{drift.WithoutMetadata.Length} without a master-DB row, {drift.MissingComponents.Length} missing a component");
        }
    }

    private static string Cell(string value)
    {
        var printable = SafeText.Printable(value);
        return printable.Length > MaxCell ? printable[..(MaxCell - 1)] + "…" : printable;
    }
}
