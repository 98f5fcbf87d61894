namespace Supawatch.IntegrationTests.Paging;

/// <summary>One notification as a person receives it: which receiver, firing or resolved, and all of its text.</summary>
/// <param name="Receiver">slack, discord, webhook or email.</param>
/// <param name="Resolved">True for a "resolved" notification, false for a page.</param>
/// <param name="Title">Slack/Discord title, the e-mail subject, or the webhook's alert names.</param>
/// <param name="Text">Everything the receiver got (request body or whole message), to search for names.</param>
public sealed record Notification(string Receiver, bool Resolved, string Title, string Text)
{
    /// <summary>True when the notification names <paramref name="value"/> anywhere.</summary>
    public bool Mentions(string value) => Text.Contains(value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => $"{Receiver} {(Resolved ? "resolved" : "firing")}: {Title}";
}
