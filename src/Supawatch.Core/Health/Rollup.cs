using System.Collections.Immutable;
using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>One instance's observed status this round and why.</summary>
public sealed record Rollup(HealthStatus Status, string? Cause, ImmutableArray<ComponentHealth> Components);
