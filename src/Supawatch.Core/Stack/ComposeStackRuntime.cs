namespace Supawatch.Stack;

/// <summary>
/// The docker runtime: the folder's compose file run by <see cref="DockerCompose"/>. <c>start</c> builds the Supawatch
/// image only when it is missing (compose's own rule); <c>setup</c> rebuilds it from the checkout, so a new version is
/// picked up where it is asked for and a plain start needs no build (NativeAOT, minutes) and no network.
/// Setup touches only what changed: <c>up -d</c> recreates the services whose definition changed, and of the others
/// only the ones whose mounted files changed (<see cref="ComposeInputs"/>) are reloaded, restarted or recreated.
/// </summary>
/// <param name="build">The checkout's Dockerfile is there to build from (setup rebuilds).</param>
/// <param name="progress">Where the progress lines of a health wait go (stderr from the verbs); null: nowhere.</param>
public sealed class ComposeStackRuntime(StackLayout layout, TextWriter output, bool build, TextWriter? progress = null) : IStackRuntime
{
    private readonly DockerCompose _compose = new(layout, output, progress);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var before = await _compose.ServiceContainerIdsAsync(cancellationToken);
        await _compose.StartAsync(build: false, cancellationToken);
        // Containers that ran before were left alone: what they were last given stays recorded.
        var recorded = ComposeInputs.Load(layout);
        var now = ComposeInputs.Current(layout);
        var after = await _compose.ServiceContainerIdsAsync(cancellationToken);
        foreach (var (service, id) in after)
        {
            if (now.TryGetValue(service, out var hash) && (!before.TryGetValue(service, out var old) || old != id))
            {
                recorded[service] = hash;
            }
        }

        ComposeInputs.Save(layout, recorded);
    }

    public async Task ApplyAsync(bool configurationChanged, bool firstSetup, CancellationToken cancellationToken)
    {
        var before = await _compose.ServiceContainerIdsAsync(cancellationToken);
        await _compose.StartAsync(build, cancellationToken);
        var after = await _compose.ServiceContainerIdsAsync(cancellationToken);
        var recorded = ComposeInputs.Load(layout);
        var now = ComposeInputs.Current(layout);
        var touched = 0;
        foreach (var (service, id) in after.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!before.TryGetValue(service, out var old))
            {
                continue;
            }

            if (old != id)
            {
                output.WriteLine($"{service}: recreated (its definition or image changed)");
                touched++;
                continue;
            }

            if (ComposeInputs.Services.FirstOrDefault(s => s.Service == service) is { Service: not null } input
                && (!recorded.TryGetValue(service, out var hash) || hash != now[service]))
            {
                output.WriteLine($"{service}: {Verb(input.Action)} (a file it reads changed: {string.Join(", ", input.Paths)})");
                await _compose.ApplyInputChangeAsync(service, input.Action, cancellationToken);
                touched++;
            }
        }

        ComposeInputs.Save(layout, now);
        if (touched == 0 && before.Count > 0)
        {
            output.WriteLine("every running container already runs this configuration");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _compose.StopAsync(cancellationToken);

    public async Task<StackStatusReport> StatusAsync(Func<CancellationToken, Task<IReadOnlyList<string>?>> monitoringProblems, CancellationToken cancellationToken)
    {
        var (allRunning, table, containers) = await _compose.StatusAsync(cancellationToken);
        var components = containers.Select(c => new ComponentStatus(c.Service, c.State, "", c.Image, Restarts: c.RestartCount, Health: c.Health.Length == 0 ? null : c.Health)).ToList();
        return new(table, allRunning, allRunning ? await monitoringProblems(cancellationToken) : null, components);
    }

    public bool AnyRunning() => File.Exists(layout.ComposeFile);

    private static string Verb(ComposeInputAction action) => action switch
    {
        ComposeInputAction.Reload => "reloading (SIGHUP)",
        ComposeInputAction.Restart => "restarting",
        _ => "recreating",
    };
}
