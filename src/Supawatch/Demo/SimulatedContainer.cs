using System.Security.Cryptography;
using System.Text;

namespace Supawatch.Demo;

/// <summary>One container of the simulated fleet: its identity, its published port (0: none) and its faults.</summary>
public sealed class SimulatedContainer(string instanceId, string component, int privatePort, IReadOnlyList<SimulatedFault> faults, bool stoppedOnPurpose)
{
    public string Id { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{instanceId}_{component}")));
    public string Name { get; } = $"{instanceId}_{component}";
    public string InstanceId { get; } = instanceId;
    public string Component { get; } = component;
    public int PrivatePort { get; } = privatePort;
    public bool StoppedOnPurpose { get; } = stoppedOnPurpose;

    /// <summary>The loopback port the simulated service answers on; set once the endpoints are bound.</summary>
    public int HostPort { get; set; }

    public int RestartCount { get; set; }
    public bool Running { get; set; } = !stoppedOnPurpose;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The fault of <paramref name="kind"/> active at <paramref name="sinceStart"/>, if any.</summary>
    public bool Has(SimulatedFaultKind kind, TimeSpan sinceStart) => faults.Any(f => f.Kind == kind && f.IsActive(sinceStart));

    /// <summary>A steady CPU load between 1 % and 9 % of a core, different per container.</summary>
    public double CpuShare => 0.01 + ((Id[0] % 9) / 100.0);

    /// <summary>A resident size between 40 and 300 MB, different per container.</summary>
    public ulong MemoryBytes => (ulong)(40 + (Id[1] * 7 % 260)) * 1024 * 1024;
}
