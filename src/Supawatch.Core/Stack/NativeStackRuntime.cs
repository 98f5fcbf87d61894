using System.Text;

namespace Supawatch.Stack;

/// <summary>The native runtime: the components run by <see cref="NativeSupervisor"/>; setup restarts or reloads only what changed.</summary>
/// <param name="version">Reads a component's version from its program (for the status table).</param>
public sealed class NativeStackRuntime(
    NativeSupervisor supervisor,
    StackPorts ports,
    Func<NativeComponent, IReadOnlyList<string>, Task<string>> version,
    TextWriter output) : IStackRuntime
{
    public Task StartAsync(CancellationToken cancellationToken) => supervisor.StartAsync(cancellationToken);

    public async Task ApplyAsync(bool configurationChanged, bool firstSetup, CancellationToken cancellationToken)
    {
        // The supervisor compares what each component runs with against what it would start it with.
        if (await supervisor.ApplyAsync(cancellationToken) == 0 && !firstSetup)
        {
            output.WriteLine("every running component already runs this configuration");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => supervisor.StopAsync();

    public async Task<StackStatusReport> StatusAsync(Func<CancellationToken, Task<IReadOnlyList<string>?>> monitoringProblems, CancellationToken cancellationToken)
    {
        var statuses = (await supervisor.StatusAsync(version, cancellationToken)).ToList();
        var supawatch = statuses.FindIndex(s => s.Component == StackComponents.Supawatch && s.IsRunning);
        IReadOnlyList<string>? problems = null;
        if (supawatch >= 0 && (problems = await monitoringProblems(cancellationToken)) is not null)
        {
            statuses[supawatch] = statuses[supawatch] with { State = ComponentStates.Degraded };
        }

        var table = new StringBuilder();
        table.Append($"{"component",-15} {"state",-14} {"pid",-8} {"url",-30} {"version",-10} {"restarts",-8} {"last exit",-10} since\n");
        foreach (var status in statuses)
        {
            table.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{status.Component,-15} {status.State,-14} {status.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",-8} {status.Url,-30} {status.Version,-10} {status.Restarts?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",-8} {status.LastExit ?? "-",-10} {(status.Since is { } since ? since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) : "-")}\n");
        }

        foreach (var looping in statuses.Where(s => s.State == ComponentStates.CrashLoop))
        {
            table.Append($"{looping.Component}: crash loop, given up after {looping.Restarts} restarts (last: {looping.LastExit}); its log says why; then 'supawatch stack start'\n");
        }

        table.Append($"status page: {ports.Url(ports.Status)}/status\n");
        var allRunning = statuses.All(s => s.IsRunning || s.State == ComponentStates.NotInstalled && s.Component == StackComponents.Grafana);
        return new(table.ToString(), allRunning, problems, statuses);
    }

    public bool AnyRunning() => supervisor.AnyRunning();
}
