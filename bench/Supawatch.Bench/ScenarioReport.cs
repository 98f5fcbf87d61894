namespace Supawatch.Bench;

/// <summary>What one scenario measured: its Markdown section and the goals it missed, in words.</summary>
internal sealed record ScenarioReport(string Scenario, string Markdown, IReadOnlyList<string> MissedGoals);
