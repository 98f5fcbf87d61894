using Supawatch.Common;

namespace Supawatch.Stack;

/// <summary>
/// Writes what <see cref="SystemdUnits"/> renders into the monitoring folder (<c>systemd/</c> for the units,
/// <c>secrets/</c> mode 600 for the environments) and checks the units with <c>systemd-analyze verify</c> where it is installed.
/// </summary>
public static class SystemdFiles
{
    /// <summary>Writes <paramref name="units"/>; returns the names of the unit files that changed.</summary>
    public static IReadOnlyList<string> Write(StackLayout layout, IReadOnlyList<SystemdUnit> units)
    {
        var directory = SystemdUnits.Directory(layout);
        System.IO.Directory.CreateDirectory(directory);
        var changed = new List<string>();
        foreach (var unit in units)
        {
            if (!unit.IsUnit)
            {
                if (OwnerOnlyFile.Write(Path.Combine(layout.SecretsDirectory, unit.Name), unit.Content) != FileChangeKind.Unchanged)
                {
                    changed.Add(unit.Name);
                }

                continue;
            }

            var path = Path.Combine(directory, unit.Name);
            if (!File.Exists(path) || File.ReadAllText(path) != unit.Content)
            {
                File.WriteAllText(path, unit.Content);
                changed.Add(unit.Name);
            }
        }

        foreach (var stale in System.IO.Directory.GetFiles(directory).Where(f => units.All(u => u.Name != Path.GetFileName(f))))
        {
            File.Delete(stale);
            changed.Add(Path.GetFileName(stale));
        }

        return changed;
    }

    /// <summary>
    /// <c>systemd-analyze verify</c> on the written units: null when they pass, what it said otherwise (it warns on
    /// unknown keys and exits 0, so any output is a failure). <paramref name="ran"/> is false when the tool is missing.
    /// </summary>
    public static async Task<string?> VerifyAsync(StackLayout layout, IReadOnlyList<SystemdUnit> units, Action<bool> ran, CancellationToken cancellationToken)
    {
        if (ToolPath.Find("systemd-analyze") is not { } analyze)
        {
            ran(false);
            return null;
        }

        ran(true);
        var files = units.Where(u => u.IsUnit).Select(u => Path.Combine(SystemdUnits.Directory(layout), u.Name)).ToList();
        var outcome = await BoundedProcess.RunAsync(analyze, ["verify", .. files], TimeSpan.FromSeconds(60), cancellationToken);
        var output = outcome.Output.Trim();
        return outcome.ExitCode == 0 && !outcome.TimedOut && output.Length == 0 ? null : $"systemd-analyze verify rejects the units in {layout.Relative(SystemdUnits.Directory(layout))}/: {(outcome.TimedOut ? "timed out" : output)}";
    }
}
