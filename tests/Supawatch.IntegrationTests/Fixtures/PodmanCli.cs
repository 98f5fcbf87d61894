namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// The podman CLI bound to one fixture's configuration and storage. It talks to that storage directly,
/// not through the API service, so it keeps working while a test has the service stopped.
/// </summary>
internal sealed class PodmanCli(string podmanPath, PodmanConfig config)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Runs podman and returns its trimmed stdout; throws with its output on failure.</summary>
    public async Task<string> RunAsync(params string[] arguments) =>
        (await ProcessRunner.RunAsync(podmanPath, arguments, Timeout, config.Environment)).StandardOutput.Trim();

    /// <summary>Runs podman and returns the result whatever the exit code.</summary>
    public Task<ProcessResult> TryRunAsync(params string[] arguments) =>
        ProcessRunner.TryRunAsync(podmanPath, arguments, Timeout, config.Environment);
}
