using System.Globalization;
using Supawatch.Common;

namespace Supawatch.Stack;

/// <summary>The docker runtime: <c>docker compose -f docker-compose.monitoring.yml</c> up, down and ps.</summary>
public sealed class DockerCompose(StackLayout layout, TextWriter output)
{
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Asks <c>docker info</c>, <c>docker compose version</c> and <c>docker-compose version</c>; never throws.</summary>
    public static async Task<ComposeDetection> DetectAsync(CancellationToken cancellationToken)
    {
        if (ToolPath.Find("docker") is null)
        {
            return new(null, "docker is not on PATH");
        }

        var (infoExit, info) = await TryRunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], cancellationToken);
        if (infoExit != 0)
        {
            return new(null, $"no Docker engine answers ('docker info': {FirstLine(info)})");
        }

        var engine = FirstLine(info);
        var (pluginExit, plugin) = await TryRunAsync("docker", ["compose", "version", "--short"], cancellationToken);
        if (pluginExit == 0)
        {
            return new(["docker", "compose"], $"Docker engine {engine} and docker compose {FirstLine(plugin)} answer");
        }

        if (ToolPath.Find("docker-compose") is null)
        {
            return new(null, $"Docker engine {engine} answers, but there is no compose: 'docker compose' is not installed (Debian's docker.io has no compose plugin) and docker-compose is not on PATH; install the compose plugin (docker-compose-plugin from download.docker.com) or docker-compose v2");
        }

        var (standaloneExit, standalone) = await TryRunAsync("docker-compose", ["version", "--short"], cancellationToken);
        var version = FirstLine(standalone).TrimStart('v');
        if (standaloneExit == 0 && int.TryParse(version.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major >= 2)
        {
            return new(["docker-compose"], $"Docker engine {engine} and docker-compose {version} answer");
        }

        return new(null, $"Docker engine {engine} answers, but the only compose is docker-compose {(standaloneExit == 0 ? version : "(it did not answer)")}, too old for this stack (no 'up --wait'); install the compose plugin (docker-compose-plugin from download.docker.com) or docker-compose v2");
    }

    /// <exception cref="StackException">Compose failed; its output names the service.</exception>
    public async Task StartAsync(bool build, CancellationToken cancellationToken)
    {
        var compose = await RequireComposeAsync(cancellationToken);
        output.WriteLine($"{string.Join(' ', compose)} up: pulling images and waiting for every health check (up to {UpTimeout.TotalMinutes:0} min) ...");
        string[] arguments = [.. Compose(compose), "up", "-d", "--wait", .. build ? new[] { "--build" } : []];
        var (exit, text) = await RunAsync(arguments, UpTimeout, cancellationToken);
        output.Write(text);
        if (exit != 0)
        {
            // Leave nothing half-started: what came up goes down again.
            await RunAsync([.. Compose(compose), "down"], TimeSpan.FromMinutes(2), CancellationToken.None);
            throw new StackException($"{string.Join(' ', compose)} up failed (exit {exit}); the service that failed is named above. Its log: {string.Join(' ', compose)} -f {layout.ComposeFile} logs SERVICE. The stack was taken down again.");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var compose = await RequireComposeAsync(cancellationToken);
        var (exit, text) = await RunAsync([.. Compose(compose), "down"], TimeSpan.FromMinutes(2), cancellationToken);
        output.Write(text);
        if (exit != 0)
        {
            throw new StackException($"{string.Join(' ', compose)} down failed (exit {exit})");
        }
    }

    /// <summary><c>docker compose ps</c>, as compose prints it.</summary>
    public async Task<(bool AllRunning, string Table)> StatusAsync(CancellationToken cancellationToken)
    {
        var compose = await RequireComposeAsync(cancellationToken);
        var (exit, text) = await RunAsync([.. Compose(compose), "ps", "-a", "--format", "table {{.Service}}\t{{.State}}\t{{.Status}}\t{{.Ports}}\t{{.Image}}"], TimeSpan.FromSeconds(30), cancellationToken);
        var running = exit == 0 && text.Split('\n').Skip(1).Where(l => l.Length > 0).All(l => l.Contains("running", StringComparison.Ordinal))
            && text.Split('\n').Length > 2;
        return (running, text);
    }

    private string[] Compose(IReadOnlyList<string> compose) => [.. compose, "-f", layout.ComposeFile, "--project-directory", layout.Root];

    private static async Task<IReadOnlyList<string>> RequireComposeAsync(CancellationToken cancellationToken)
    {
        var detection = await DetectAsync(cancellationToken);
        return detection.Command ?? throw new StackException($"docker runtime: {detection.Reason}; or run 'supawatch stack setup --runtime native'");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ProcessOutcome outcome;
        try
        {
            outcome = await BoundedProcess.RunAsync(arguments[0], arguments[1..], timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw new StackException($"{arguments[0]}: could not run it: {ex.Message}");
        }

        return outcome.TimedOut
            ? (-1, $"{string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s\n")
            : (outcome.ExitCode, outcome.Output);
    }

    private static async Task<(int Exit, string Output)> TryRunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await BoundedProcess.RunAsync(program, arguments, ProbeTimeout, cancellationToken);
            return outcome.TimedOut ? (-1, $"did not answer within {ProbeTimeout.TotalSeconds:0} s") : (outcome.ExitCode, outcome.Output);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return (-1, ex.Message);
        }
    }

    private static string FirstLine(string text) =>
        SafeText.Printable(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output");
}
