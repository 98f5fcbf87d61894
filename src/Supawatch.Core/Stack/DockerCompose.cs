using System.Diagnostics;
using System.Globalization;
using System.Text;
using Supawatch.Common;

namespace Supawatch.Stack;

/// <summary>
/// The docker runtime: <c>docker compose</c> (or <c>docker-compose</c>) <c>-p supawatch-monitoring -f
/// docker-compose.monitoring.yml</c> up, down and the containers' states. With compose 1.x, which has no
/// <c>up --wait</c>, start waits on the containers' health states itself, bounded.
/// </summary>
/// <param name="progress">Where the progress lines of a long wait go (<see cref="ComposeWaitProgress"/>; the verbs give stderr); null: nowhere.</param>
public sealed class DockerCompose(StackLayout layout, TextWriter output, TextWriter? progress = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The compose project name, on every command, so every compose version acts on the same containers.</summary>
    public const string ProjectName = "supawatch-monitoring";

    /// <summary>Asks <c>docker info</c>, <c>docker compose version</c> and <c>docker-compose version</c>; never throws.</summary>
    public static async Task<ComposeDetection> DetectAsync(CancellationToken cancellationToken)
    {
        if (ToolPath.Find("docker") is null)
        {
            return new(null, "docker is not on PATH; install Docker Engine (Debian: apt-get install docker.io docker-compose)");
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
            return new(null, $"Docker engine {engine} answers, but there is no compose: 'docker compose' is not installed and docker-compose is not on PATH; install one (Debian: apt-get install docker-compose; or the compose plugin, docker-compose-plugin from download.docker.com)");
        }

        var (standaloneExit, standalone) = await TryRunAsync("docker-compose", ["version", "--short"], cancellationToken);
        var version = FirstLine(standalone).TrimStart('v');
        var numbers = version.Split('.').Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToArray();
        if (standaloneExit == 0 && numbers.Length >= 2 && numbers[0] >= 2)
        {
            return new(["docker-compose"], $"Docker engine {engine} and docker-compose {version} answer");
        }

        if (standaloneExit == 0 && numbers.Length >= 2 && numbers[0] == 1 && numbers[1] >= 27)
        {
            return new(["docker-compose"], $"Docker engine {engine} and docker-compose {version} answer (no 'up --wait': Supawatch waits on the health checks itself)", HasWait: false);
        }

        return new(null, $"Docker engine {engine} answers, but the only compose is docker-compose {(standaloneExit == 0 ? version : "(it did not answer)")}, too old for this stack (1.27 or newer reads its compose file); install docker-compose 1.29 (Debian 12: apt-get install docker-compose) or the compose plugin (docker-compose-plugin from download.docker.com)");
    }

    /// <exception cref="StackException">Compose failed, or a container did not turn healthy; the service is named. Nothing is left half-started.</exception>
    public async Task StartAsync(bool build, CancellationToken cancellationToken)
    {
        var detection = await RequireComposeAsync(cancellationToken);
        var compose = detection.Command!;
        output.WriteLine($"{string.Join(' ', compose)} up: pulling images and waiting for every health check (up to {UpTimeout.TotalMinutes:0} min) ...");
        var stopwatch = Stopwatch.StartNew();
        string[] arguments = [.. Compose(compose), "up", "-d", .. detection.HasWait ? new[] { "--wait" } : [], .. build ? new[] { "--build" } : []];
        var waiting = new ComposeWaitProgress(progress ?? TextWriter.Null, _time);
        var up = RunAsync(arguments, UpTimeout, cancellationToken);
        await ComposeHealthWait.ReportWhileRunningAsync(up, ct => ContainersAsync(compose, ct), waiting, _time, cancellationToken);
        var (exit, text) = await up;
        output.Write(text);
        var failure = exit != 0 ? $"{string.Join(' ', compose)} up failed (exit {exit}); the service that failed is named above"
            : detection.HasWait ? null
            : await ComposeHealthWait.UntilHealthyAsync(ct => ContainersAsync(compose, ct), UpTimeout - stopwatch.Elapsed, output, waiting, cancellationToken);
        if (failure is not null)
        {
            // Leave nothing half-started: what came up goes down again.
            await RunAsync([.. Compose(compose), "down"], TimeSpan.FromMinutes(2), CancellationToken.None);
            throw new StackException($"{failure}. Its log: {string.Join(' ', compose)} -p {ProjectName} -f {layout.ComposeFile} logs SERVICE. The stack was taken down again.");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var compose = (await RequireComposeAsync(cancellationToken)).Command!;
        var (exit, text) = await RunAsync([.. Compose(compose), "down"], TimeSpan.FromMinutes(2), cancellationToken);
        output.Write(text);
        if (exit != 0)
        {
            throw new StackException($"{string.Join(' ', compose)} down failed (exit {exit})");
        }
    }

    /// <summary>Each container of the project: service, state, health, restarts, image.</summary>
    public async Task<(bool AllRunning, string Table, IReadOnlyList<ComposeContainer> Containers)> StatusAsync(CancellationToken cancellationToken)
    {
        var compose = (await RequireComposeAsync(cancellationToken)).Command!;
        var containers = await ContainersAsync(compose, cancellationToken);
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"{"service",-15} {"state",-12} {"health",-10} {"restarts",-9} image\n");
        foreach (var c in containers)
        {
            table.Append(CultureInfo.InvariantCulture, $"{c.Service,-15} {c.State,-12} {(c.Health.Length == 0 ? "-" : c.Health),-10} {c.RestartCount,-9} {c.Image}\n");
        }

        if (containers.Count == 0)
        {
            table.Append("no container of the stack exists; run 'supawatch stack start'\n");
        }

        return (containers.Count > 0 && containers.All(c => c.State == "running"), table.ToString(), containers);
    }

    /// <summary>The container id of each running service; empty when none runs.</summary>
    public async Task<Dictionary<string, string>> ServiceContainerIdsAsync(CancellationToken cancellationToken)
    {
        var compose = (await RequireComposeAsync(cancellationToken)).Command!;
        var ids = await ContainerIdsAsync(compose, cancellationToken);
        if (ids.Length == 0)
        {
            return new(StringComparer.Ordinal);
        }

        var (exit, lines) = await RunAsync(["docker", "inspect", "--format", "{{index .Config.Labels \"com.docker.compose.service\"}}\t{{.Id}}\t{{.State.Status}}", .. ids], TimeSpan.FromSeconds(30), cancellationToken);
        return exit != 0
            ? throw new StackException($"docker inspect failed (exit {exit}): {FirstLine(lines)}")
            : lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split('\t')).Where(p => p.Length == 3 && p[2] == "running")
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    /// <summary>
    /// Brings one running service to files that changed behind its mounts: a signal it reloads on, a restart, or a new
    /// container; then waits until every container is up again (bounded).
    /// </summary>
    /// <exception cref="StackException">Compose failed, or the service did not come up again; its log is named.</exception>
    public async Task ApplyInputChangeAsync(string service, ComposeInputAction action, CancellationToken cancellationToken)
    {
        var compose = (await RequireComposeAsync(cancellationToken)).Command!;
        string[] arguments = action switch
        {
            ComposeInputAction.Reload => ["kill", "-s", "SIGHUP", service],
            ComposeInputAction.Restart => ["restart", service],
            _ => ["up", "-d", "--no-deps", "--force-recreate", service],
        };
        var (exit, text) = await RunAsync([.. Compose(compose), .. arguments], TimeSpan.FromMinutes(2), cancellationToken);
        output.Write(text);
        var failure = exit != 0 ? $"{string.Join(' ', compose)} {string.Join(' ', arguments)} failed (exit {exit})"
            : action == ComposeInputAction.Reload ? null
            : await ComposeHealthWait.UntilHealthyAsync(ct => ContainersAsync(compose, ct), TimeSpan.FromMinutes(3), output, new ComposeWaitProgress(progress ?? TextWriter.Null, _time), cancellationToken);
        if (failure is not null)
        {
            throw new StackException($"{failure}. Its log: {string.Join(' ', compose)} -p {ProjectName} -f {layout.ComposeFile} logs {service}");
        }
    }

    private async Task<IReadOnlyList<ComposeContainer>> ContainersAsync(IReadOnlyList<string> compose, CancellationToken cancellationToken)
    {
        var idList = await ContainerIdsAsync(compose, cancellationToken);
        if (idList.Length == 0)
        {
            return [];
        }

        var (inspectExit, lines) = await RunAsync(["docker", "inspect", "--format", ComposeContainer.InspectFormat, .. idList], TimeSpan.FromSeconds(30), cancellationToken);
        return inspectExit != 0
            ? throw new StackException($"docker inspect failed (exit {inspectExit}): {FirstLine(lines)}")
            : lines.Split('\n').Select(ComposeContainer.Parse).OfType<ComposeContainer>().OrderBy(c => c.Service, StringComparer.Ordinal).ToList();
    }

    private async Task<string[]> ContainerIdsAsync(IReadOnlyList<string> compose, CancellationToken cancellationToken)
    {
        var (exit, ids) = await RunAsync([.. Compose(compose), "ps", "-a", "-q"], TimeSpan.FromSeconds(30), cancellationToken);
        return exit != 0
            ? throw new StackException($"{string.Join(' ', compose)} ps failed (exit {exit}): {FirstLine(ids)}")
            : ids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Length > 0 && l.All(char.IsAsciiHexDigit)).ToArray();
    }

    private string[] Compose(IReadOnlyList<string> compose) => [.. compose, "-p", ProjectName, "-f", layout.ComposeFile, "--project-directory", layout.Root];

    private static async Task<ComposeDetection> RequireComposeAsync(CancellationToken cancellationToken)
    {
        var detection = await DetectAsync(cancellationToken);
        return detection.Usable ? detection : throw new StackException($"docker runtime: {detection.Reason}; or run 'supawatch stack setup --runtime native'");
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
