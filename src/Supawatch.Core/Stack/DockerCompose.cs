using Supawatch.Processes;

namespace Supawatch.Stack;

/// <summary>The docker runtime: <c>docker compose -f docker-compose.monitoring.yml</c> up, down and ps.</summary>
public sealed class DockerCompose(StackLayout layout, TextWriter output)
{
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(10);

    /// <summary>True when a <c>docker</c> client is on PATH and its engine answers.</summary>
    public static async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        if (Alerting.ConfigChecker.FindTool("docker") is null)
        {
            return false;
        }

        var (exit, _) = await RunAsync(["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(10), cancellationToken);
        return exit == 0;
    }

    /// <exception cref="StackException">Compose failed; its output names the service.</exception>
    public async Task StartAsync(bool build, CancellationToken cancellationToken)
    {
        await RequireEngineAsync(cancellationToken);
        output.WriteLine($"docker compose up: pulling images and waiting for every health check (up to {UpTimeout.TotalMinutes:0} min) ...");
        string[] arguments = [.. Compose(), "up", "-d", "--wait", .. build ? new[] { "--build" } : []];
        var (exit, text) = await RunAsync(arguments, UpTimeout, cancellationToken);
        output.Write(text);
        if (exit != 0)
        {
            // Leave nothing half-started: what came up goes down again.
            await RunAsync([.. Compose(), "down"], TimeSpan.FromMinutes(2), CancellationToken.None);
            throw new StackException($"docker compose up failed (exit {exit}); the service that failed is named above. Its log: docker compose -f {layout.ComposeFile} logs SERVICE. The stack was taken down again.");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await RequireEngineAsync(cancellationToken);
        var (exit, text) = await RunAsync([.. Compose(), "down"], TimeSpan.FromMinutes(2), cancellationToken);
        output.Write(text);
        if (exit != 0)
        {
            throw new StackException($"docker compose down failed (exit {exit})");
        }
    }

    /// <summary><c>docker compose ps</c>, as compose prints it.</summary>
    public async Task<(bool AllRunning, string Table)> StatusAsync(CancellationToken cancellationToken)
    {
        await RequireEngineAsync(cancellationToken);
        var (exit, text) = await RunAsync([.. Compose(), "ps", "-a", "--format", "table {{.Service}}\t{{.State}}\t{{.Status}}\t{{.Ports}}\t{{.Image}}"], TimeSpan.FromSeconds(30), cancellationToken);
        var running = exit == 0 && text.Split('\n').Skip(1).Where(l => l.Length > 0).All(l => l.Contains("running", StringComparison.Ordinal))
            && text.Split('\n').Length > 2;
        return (running, text);
    }

    private string[] Compose() => ["compose", "-f", layout.ComposeFile, "--project-directory", layout.Root];

    private static async Task RequireEngineAsync(CancellationToken cancellationToken)
    {
        if (!await IsAvailableAsync(cancellationToken))
        {
            throw new StackException("docker: no Docker engine answers ('docker info' failed or docker is not on PATH); start Docker, or use --runtime native");
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ProcessOutcome outcome;
        try
        {
            outcome = await BoundedProcess.RunAsync("docker", arguments, timeout, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            throw new StackException("docker: could not run the docker client");
        }

        return outcome.TimedOut
            ? (-1, $"docker {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s\n")
            : (outcome.ExitCode, outcome.Output);
    }
}
