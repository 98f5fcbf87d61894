using System.Globalization;
using Supawatch.Common;
using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Cli;

/// <summary>Prints a health round as an aligned text table: one row per instance, its components and cause.</summary>
public static class HealthTable
{
    private const int MaxCell = 60;
    private const int StatusColumn = 3;
    private static readonly string[] Header = ["INSTANCE", "ORG", "PROJECT", "STATUS", "COMPONENTS", "RESPONSE", "CAUSE"];

    /// <param name="colour">Status words in colour (<see cref="Terminal.Colours(TextWriter)"/>: a terminal without NO_COLOR).</param>
    public static void Write(HealthSnapshot health, TextWriter output, bool colour = false)
    {
        var rows = new List<string[]> { Header };
        foreach (var instance in health.Instances)
        {
            rows.Add(
            [
                instance.InstanceId,
                instance.OrgName ?? instance.OrgId ?? "-",
                instance.ProjectName ?? "-",
                instance.Status.ToLabel(),
                string.Join(" ", instance.Components.Select(c => $"{c.Component}:{c.Status.ToLabel()}")),
                instance.ResponseMs is { } ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "-",
                instance.Cause ?? "-",
            ]);
        }

        var cells = rows.Select(r => r.Select(Cell).ToArray()).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(i => cells.Max(r => r[i].Length)).ToArray();
        foreach (var row in cells)
        {
            // Padded first, painted after: the escape codes take no room on screen.
            output.WriteLine(string.Join("  ", row.Select((cell, i) =>
                colour && i == StatusColumn && !ReferenceEquals(row, cells[0]) ? Terminal.Paint(cell.PadRight(widths[i]), cell) : cell.PadRight(widths[i]))).TrimEnd());
        }

        var instances = health.Instances;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{instances.Length} instances: {instances.Count(i => i.Status == HealthStatus.Up)} up, {instances.Count(i => i.Status == HealthStatus.Degraded)} degraded, " +
            $"{instances.Count(i => i.Status == HealthStatus.Down)} down, {instances.Count(i => i.Status == HealthStatus.Stopped)} stopped; " +
            $"round took {health.RoundDuration.TotalMilliseconds:0} ms"));
    }

    private static string Cell(string value)
    {
        var printable = SafeText.Printable(value);
        return printable.Length > MaxCell ? printable[..(MaxCell - 1)] + "…" : printable;
    }
}
