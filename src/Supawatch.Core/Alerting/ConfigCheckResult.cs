namespace Supawatch.Alerting;

/// <summary>What promtool or amtool said about a file; <see cref="Ran"/> is false when the tool is not installed.</summary>
public sealed record ConfigCheckResult(string Tool, bool Ran, bool Ok, string Output);
