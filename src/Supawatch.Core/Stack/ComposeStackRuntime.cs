namespace Supawatch.Stack;

/// <summary>
/// The docker runtime: the folder's compose file run by <see cref="DockerCompose"/>. <c>start</c> builds the Supawatch
/// image only when it is missing (compose's own rule); <c>setup</c> rebuilds it from the checkout, so a new version is
/// picked up where it is asked for and a plain start needs no build (NativeAOT, minutes) and no network.
/// </summary>
/// <param name="build">The checkout's Dockerfile is there to build from (setup rebuilds).</param>
public sealed class ComposeStackRuntime(StackLayout layout, TextWriter output, bool build) : IStackRuntime
{
    private readonly DockerCompose _compose = new(layout, output);

    public Task StartAsync(CancellationToken cancellationToken) => _compose.StartAsync(build: false, cancellationToken);

    public async Task ApplyAsync(bool configurationChanged, bool firstSetup, CancellationToken cancellationToken)
    {
        if (configurationChanged)
        {
            await _compose.StopAsync(cancellationToken);
        }

        await _compose.StartAsync(build, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _compose.StopAsync(cancellationToken);

    public async Task<StackStatusReport> StatusAsync(Func<CancellationToken, Task<IReadOnlyList<string>?>> monitoringProblems, CancellationToken cancellationToken)
    {
        var (allRunning, table, containers) = await _compose.StatusAsync(cancellationToken);
        var components = containers.Select(c => new ComponentStatus(c.Service, c.State, "", c.Image, Restarts: c.RestartCount, Health: c.Health.Length == 0 ? null : c.Health)).ToList();
        return new(table, allRunning, allRunning ? await monitoringProblems(cancellationToken) : null, components);
    }

    public bool AnyRunning() => File.Exists(layout.ComposeFile);
}
