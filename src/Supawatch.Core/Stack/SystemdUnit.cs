namespace Supawatch.Stack;

/// <summary>One file <see cref="SystemdUnits"/> renders: a unit (<c>supawatch-prometheus.service</c>) or a component's environment file.</summary>
/// <param name="Name">The file name: the unit's name, or <c>NAME.env</c>.</param>
/// <param name="IsUnit">A unit file (installed into the unit folder), not an environment file (kept in <c>secrets/</c>, mode 600).</param>
public sealed record SystemdUnit(string Name, string Content, bool IsUnit = true);
