using System.Diagnostics;

namespace Supawatch.Stack;

/// <summary>
/// How a compose start waits for its containers: progress lines while compose's own <c>up</c> runs, and (compose 1.x,
/// which has no <c>up --wait</c>) polling the containers' states until each is up, one fails, or time runs out.
/// </summary>
internal static class ComposeHealthWait
{
    /// <summary>
    /// While compose's <c>up</c> runs (pulling, building, and with <c>--wait</c> waiting on the health checks), reads the
    /// containers' states every <see cref="ComposeWaitProgress.Every"/> and prints what is still waited for.
    /// </summary>
    public static async Task ReportWhileRunningAsync(Task running, Func<CancellationToken, Task<IReadOnlyList<ComposeContainer>>> read, ComposeWaitProgress waiting, TimeProvider time, CancellationToken cancellationToken)
    {
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(ComposeWaitProgress.Every, time, cancellationToken));
            if (running.IsCompleted || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                waiting.Report(await read(cancellationToken));
            }
            catch (StackException)
            {
                // A read that fails while compose works is not the start's outcome; compose's own exit code is.
            }
        }
    }

    /// <summary>Polls the containers' states until every one is up; the reason when one failed or time ran out, else null.</summary>
    public static async Task<string?> UntilHealthyAsync(Func<CancellationToken, Task<IReadOnlyList<ComposeContainer>>> read, TimeSpan timeout, TextWriter output, ComposeWaitProgress waiting, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        IReadOnlyList<ComposeContainer> containers = [];
        while (stopwatch.Elapsed < timeout)
        {
            containers = await read(cancellationToken);
            if (containers.FirstOrDefault(c => c.HasFailed) is { } failed)
            {
                return $"{failed.Service} ({failed.Name}) did not come up: {failed.State}{(failed.Health.Length > 0 ? ", " + failed.Health : "")}, {failed.RestartCount} restart(s)";
            }

            if (containers.Count > 0 && containers.All(c => c.IsUp))
            {
                output.WriteLine($"every container is up and healthy in {stopwatch.Elapsed.TotalSeconds:0} s");
                return null;
            }

            waiting.Report(containers);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        var notUp = string.Join(", ", containers.Where(c => !c.IsUp).Select(c => $"{c.Service} ({c.State}{(c.Health.Length > 0 ? ", " + c.Health : "")})"));
        return $"not every container turned healthy within {timeout.TotalSeconds:0} s: {(notUp.Length > 0 ? notUp : "no container was created")}";
    }
}
