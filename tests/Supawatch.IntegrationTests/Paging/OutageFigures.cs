namespace Supawatch.IntegrationTests.Paging;

/// <summary>What one scenario delivered: pages and resolved notifications per receiver, and how long they took.</summary>
public sealed record OutageFigures(
    string Scenario,
    IReadOnlyDictionary<string, int> Pages,
    IReadOnlyDictionary<string, int> Resolved,
    TimeSpan? FirstPage,
    TimeSpan? RecoveryTold)
{
    /// <summary>One Markdown table row: scenario, pages and resolved per receiver (slack/discord/webhook/email), timings.</summary>
    public override string ToString() =>
        $"| {Scenario} | {string.Join(" / ", Receivers.Names.Select(r => Pages.GetValueOrDefault(r)))} " +
        $"| {string.Join(" / ", Receivers.Names.Select(r => Resolved.GetValueOrDefault(r)))} " +
        $"| {Format(FirstPage)} | {Format(RecoveryTold)} |";

    private static string Format(TimeSpan? time) => time is { } t ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : "—";
}
