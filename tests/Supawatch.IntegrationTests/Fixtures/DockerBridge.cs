using System.Security.Cryptography;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A Linux bridge of one <see cref="DockerEngineFixture"/>'s own (<c>swd</c> + 8 hex digits, a free 172.31.x.0/24), which
/// its dockerd uses through <c>-b</c> instead of creating <c>docker0</c>: two engines at once (two test runs, or a test
/// that starts a second engine) each have their own bridge and subnet. The name is written to <c>ROOT/bridge</c>, so
/// scripts/cleanup-test-run.sh can delete a bridge a crashed test host left behind.
/// </summary>
internal static class DockerBridge
{
    private const int Attempts = 8;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Creates the bridge, records its name in <paramref name="root"/>/bridge and returns the name.</summary>
    public static async Task<string> CreateAsync(string root)
    {
        var ip = RequiredTool.Find("ip", "iproute2");
        await Gate.WaitAsync();
        try
        {
            ProcessResult? last = null;
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                // 172.31.1-249: podman keeps to 10.88/10.89; a subnet already routed here belongs to someone else.
                var third = RandomNumberGenerator.GetInt32(1, 250);
                var routes = await ProcessRunner.RunAsync(ip, ["-4", "route", "show"], Timeout);
                if (routes.StandardOutput.Contains($"172.31.{third}.", StringComparison.Ordinal))
                {
                    continue;
                }

                var name = "swd" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
                last = await ProcessRunner.TryRunAsync(ip, ["link", "add", name, "type", "bridge"], Timeout);
                if (last.ExitCode != 0)
                {
                    continue;
                }

                await File.WriteAllTextAsync(Path.Combine(root, "bridge"), name);
                await ProcessRunner.RunAsync(ip, ["addr", "add", $"172.31.{third}.1/24", "dev", name], Timeout);
                await ProcessRunner.RunAsync(ip, ["link", "set", name, "up"], Timeout);
                return name;
            }

            throw new InvalidOperationException($"Could not create a bridge for dockerd (run as root; 'ip link add' needs CAP_NET_ADMIN). {last?.Describe()}");
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Deletes the bridge named in <paramref name="root"/>/bridge, if any.</summary>
    public static async Task DeleteAsync(string root)
    {
        var file = Path.Combine(root, "bridge");
        if (File.Exists(file))
        {
            await ProcessRunner.TryRunAsync(RequiredTool.Find("ip", "iproute2"), ["link", "del", (await File.ReadAllTextAsync(file)).Trim()], Timeout);
            File.Delete(file);
        }
    }
}
