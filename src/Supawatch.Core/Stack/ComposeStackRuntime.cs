namespace Supawatch.Stack;

/// <summary>The docker runtime: the folder's compose file run by <see cref="DockerCompose"/>.</summary>
/// <param name="build">Build the Supawatch image from the checkout's Dockerfile on start.</param>
public sealed class ComposeStackRuntime(StackLayout layout, TextWriter output, bool build) : IStackRuntime
{
    private readonly DockerCompose _compose = new(layout, output);

    public Task StartAsync(CancellationToken cancellationToken) => _compose.StartAsync(build, cancellationToken);

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
        var (allRunning, table) = await _compose.StatusAsync(cancellationToken);
        return new(table, allRunning, allRunning ? await monitoringProblems(cancellationToken) : null);
    }

    public bool AnyRunning() => File.Exists(layout.ComposeFile);
}
