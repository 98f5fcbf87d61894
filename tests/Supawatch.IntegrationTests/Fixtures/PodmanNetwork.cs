using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// Creates the fixture's own bridge network. Podman's built-in default network always uses the bridge
/// "podman0" and 10.88.0.0/16, which a second podman user on the machine would share with separate
/// address bookkeeping; a random subnet and bridge name keep concurrent test runs apart.
/// </summary>
internal static class PodmanNetwork
{
    private const int Attempts = 8;

    /// <summary>Creates network <paramref name="name"/> and returns it.</summary>
    public static async Task<string> CreateAsync(PodmanCli cli, PodmanConfig config, string name)
    {
        ProcessResult? last = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            // 10.89.128-254: above the range podman hands out by itself; "subnet already used" means retry.
            var subnet = $"10.89.{RandomNumberGenerator.GetInt32(128, 255)}.0/24";
            last = await cli.TryRunAsync("network", "create", "--disable-dns", "--subnet", subnet, name);
            if (last.ExitCode == 0)
            {
                // podman 4.3 has no --interface-name; the bridge name lives in the network's JSON file.
                SetBridgeName(Path.Combine(config.NetworkConfigDirectory, name + ".json"));
                return name;
            }
        }

        throw new InvalidOperationException($"Could not create podman network {name}. {last?.Describe()}");
    }

    private static void SetBridgeName(string networkFile)
    {
        var network = JsonNode.Parse(File.ReadAllText(networkFile))!.AsObject();
        network["network_interface"] = "sw" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        File.WriteAllText(networkFile, network.ToJsonString());
    }
}
