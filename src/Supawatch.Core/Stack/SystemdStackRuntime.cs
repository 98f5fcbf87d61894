using System.Diagnostics;
using System.Globalization;
using System.Text;
using Supawatch.Common;

namespace Supawatch.Stack;

/// <summary>
/// The systemd runtime: the native components as system units (<see cref="SystemdUnits"/>), installed into
/// <see cref="SystemdUnits.SystemUnitDirectory"/>, enabled for boot and driven through <c>systemctl</c>; systemd restarts
/// a component that fails and gives up after a burst (the unit is then <c>failed</c>: a crash loop).
/// </summary>
/// <param name="version">Reads a component's version from its program (for the status table).</param>
public sealed class SystemdStackRuntime(
    StackLayout layout,
    IReadOnlyList<NativeComponent> components,
    StackPorts ports,
    Func<NativeComponent, IReadOnlyList<string>, Task<string>> version,
    TextWriter output) : IStackRuntime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Renders the units into <c>systemd/</c> and verifies them; returns the unit files that changed.</summary>
    /// <exception cref="StackException">A program is missing, or <c>systemd-analyze verify</c> rejects a unit.</exception>
    public async Task<IReadOnlyList<SystemdUnit>> RenderAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        var owner = await FolderOwnerAsync(cancellationToken);
        if (owner is not null && PosixUser.Current().StartsWith("0:", StringComparison.Ordinal))
        {
            // Setup ran as root in a folder someone else owns: what it wrote goes to the owner, whom the units run as.
            var chown = await BoundedProcess.RunAsync("chown", ["-R", owner, layout.Root], TimeSpan.FromSeconds(60), cancellationToken);
            if (chown.ExitCode != 0)
            {
                throw new StackException($"cannot give {layout.Root} to its owner {owner}: {chown.Output.Trim()}");
            }
        }

        var units = SystemdUnits.Render(layout, components, owner, problems, notes);
        notes.ForEach(output.WriteLine);
        if (problems.Count > 0)
        {
            throw new StackException(string.Join('\n', problems) + "\nno unit was written.");
        }

        var changed = SystemdFiles.Write(layout, units);
        var rejected = await SystemdFiles.VerifyAsync(layout, units, ran => output.WriteLine(ran
            ? $"systemd: {units.Count(u => u.IsUnit)} units in {layout.Relative(SystemdUnits.Directory(layout))}/ pass systemd-analyze verify"
            : "systemd: units not verified (systemd-analyze is not installed; Debian package systemd)"), cancellationToken);
        if (rejected is not null)
        {
            throw new StackException(rejected);
        }

        return [.. units.Where(u => changed.Contains(u.Name))];
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await InstallAsync(await RenderAsync(cancellationToken), cancellationToken);
        output.WriteLine($"starting {SystemdUnits.Target} ...");
        await Systemctl.RunAsync(["start", SystemdUnits.Target], cancellationToken);
        await WaitReadyAsync(cancellationToken);
    }

    public async Task ApplyAsync(bool configurationChanged, bool firstSetup, CancellationToken cancellationToken)
    {
        var changed = await RenderAsync(cancellationToken);
        await InstallAsync(changed, cancellationToken);
        if (configurationChanged || changed.Count > 0)
        {
            // The components read their files only at start (the units have no reload command): restart what runs.
            output.WriteLine($"restarting {SystemdUnits.Target} for the new configuration ...");
            await Systemctl.RunAsync(["restart", .. components.Select(c => SystemdUnits.UnitName(c.Name)).Where(Installed)], cancellationToken);
        }

        await Systemctl.RunAsync(["start", SystemdUnits.Target], cancellationToken);
        await WaitReadyAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => AnyRunning()
        ? Systemctl.RunAsync(["stop", SystemdUnits.Target, .. components.Select(c => SystemdUnits.UnitName(c.Name)).Where(Installed)], cancellationToken)
        : Task.CompletedTask;

    public async Task<StackStatusReport> StatusAsync(Func<CancellationToken, Task<IReadOnlyList<string>?>> monitoringProblems, CancellationToken cancellationToken)
    {
        var statuses = new List<ComponentStatus>();
        foreach (var component in components)
        {
            var unit = await Systemctl.ShowAsync(SystemdUnits.UnitName(component.Name), cancellationToken);
            var state = SystemdState.Of(unit);
            if (state == ComponentStates.Running && !await NativeProbe.AnswersAsync(component, cancellationToken))
            {
                state = ComponentStates.NotAnswering;
            }

            var command = component.ResolveCommand();
            statuses.Add(new ComponentStatus(
                component.Name, state, component.Url, command is null ? "-" : await version(component, command),
                Pid: SystemdState.Pid(unit), Restarts: SystemdState.Restarts(unit), LastExit: SystemdState.LastExit(unit), Since: SystemdState.Since(unit)));
        }

        var supawatch = statuses.FindIndex(s => s.Component == StackComponents.Supawatch && s.IsRunning);
        IReadOnlyList<string>? problems = null;
        if (supawatch >= 0 && (problems = await monitoringProblems(cancellationToken)) is not null)
        {
            statuses[supawatch] = statuses[supawatch] with { State = ComponentStates.Degraded };
        }

        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"{"component",-15} {"state",-14} {"unit",-40} {"pid",-8} {"url",-30} {"restarts",-8} since\n");
        foreach (var status in statuses)
        {
            table.Append(CultureInfo.InvariantCulture,
                $"{status.Component,-15} {status.State,-14} {SystemdUnits.UnitName(status.Component),-40} {status.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",-8} {status.Url,-30} {status.Restarts?.ToString(CultureInfo.InvariantCulture) ?? "-",-8} {(status.Since is { } since ? since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "-")}\n");
        }

        foreach (var looping in statuses.Where(s => s.State == ComponentStates.CrashLoop))
        {
            table.Append(CultureInfo.InvariantCulture,
                $"{looping.Component}: crash loop, systemd gave up after {SystemdUnits.StartLimitBurst} starts within {SystemdUnits.StartLimitSeconds} s (last: {looping.LastExit}); {layout.Relative(layout.LogFile(looping.Component))} says why; then 'systemctl reset-failed {SystemdUnits.UnitName(looping.Component)}' and 'supawatch stack start'\n");
        }

        table.Append(CultureInfo.InvariantCulture, $"status page: {ports.Url(ports.Status)}/status\n");
        return new(table.ToString(), statuses.All(s => s.IsRunning || s.State == ComponentStates.NotInstalled && s.Component == StackComponents.Grafana), problems, statuses);
    }

    public bool AnyRunning() => File.Exists(Path.Combine(SystemdUnits.SystemUnitDirectory, SystemdUnits.Target));

    private static bool Installed(string unit) => File.Exists(Path.Combine(SystemdUnits.SystemUnitDirectory, unit));

    /// <summary>Copies the changed units into the system unit folder, reloads systemd and enables the stack for boot.</summary>
    private async Task InstallAsync(IReadOnlyList<SystemdUnit> changed, CancellationToken cancellationToken)
    {
        var units = changed.Where(u => u.IsUnit).ToList();
        if (units.Count > 0 || !AnyRunning())
        {
            try
            {
                foreach (var file in System.IO.Directory.GetFiles(SystemdUnits.Directory(layout)))
                {
                    File.Copy(file, Path.Combine(SystemdUnits.SystemUnitDirectory, Path.GetFileName(file)), overwrite: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StackException($"cannot install the units into {SystemdUnits.SystemUnitDirectory}: {ex.Message}; the systemd runtime writes system units, so run setup as root (sudo -E supawatch stack setup --runtime systemd), or use --runtime native");
            }

            output.WriteLine($"systemd: installed {string.Join(", ", units.Select(u => u.Name))} into {SystemdUnits.SystemUnitDirectory}");
            await Systemctl.RunAsync(["daemon-reload"], cancellationToken);
        }

        await Systemctl.RunAsync(["enable", SystemdUnits.Target, .. components.Select(c => SystemdUnits.UnitName(c.Name)).Where(Installed)], cancellationToken);
    }

    /// <summary>Each component's ready path, one progress line per component; a unit that fails is named with its log.</summary>
    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        foreach (var component in components.Where(c => Installed(SystemdUnits.UnitName(c.Name))))
        {
            output.Write($"waiting for {component.Name} on {component.Url} ... ");
            var stopwatch = Stopwatch.StartNew();
            while (!await NativeProbe.AnswersAsync(component, cancellationToken))
            {
                var unit = await Systemctl.ShowAsync(SystemdUnits.UnitName(component.Name), cancellationToken);
                if (SystemdState.Of(unit) is ComponentStates.CrashLoop or ComponentStates.Stopped || stopwatch.Elapsed > ReadyTimeout)
                {
                    output.WriteLine("failed");
                    throw new StackException($"{component.Name}: {SystemdUnits.UnitName(component.Name)} did not answer {component.Url}{component.ReadyPath} within {stopwatch.Elapsed.TotalSeconds:0} s (state {SystemdState.Of(unit)}); the reason is at the end of {layout.Relative(layout.LogFile(component.Name))} or in 'journalctl -u {SystemdUnits.UnitName(component.Name)}'");
                }

                await Task.Delay(500, cancellationToken);
            }

            output.WriteLine($"ready in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        }
    }

    /// <summary>The monitoring folder's owner as <c>uid:gid</c>, the user the components run as; null when it is root.</summary>
    private async Task<string?> FolderOwnerAsync(CancellationToken cancellationToken)
    {
        var outcome = await BoundedProcess.RunAsync("stat", ["-c", "%u:%g", layout.Root], TimeSpan.FromSeconds(10), cancellationToken);
        var owner = outcome.ExitCode == 0 ? outcome.Output.Trim() : null;
        return owner is null or "0:0" || !owner.Contains(':', StringComparison.Ordinal) ? null : owner;
    }
}
