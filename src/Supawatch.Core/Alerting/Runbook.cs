namespace Supawatch.Alerting;

/// <summary>
/// Every alert's <c>runbook_url</c>: docs/runbooks.md has one heading per alert, named exactly as the alert, so the
/// link is the page's address and the heading's GitHub-style anchor (the name in lower case).
/// </summary>
public static class Runbook
{
    /// <summary>The runbooks page: <c>SUPAWATCH_RUNBOOK_URL</c>, else <see cref="AlertingOptions.DefaultRunbookUrl"/>.</summary>
    public static string BaseUrl(AlertingOptions options) =>
        string.IsNullOrWhiteSpace(options.RunbookUrl) ? AlertingOptions.DefaultRunbookUrl : options.RunbookUrl.Trim().TrimEnd('#');

    /// <summary>The anchor of the heading <c>## <paramref name="alertName"/></c> (alert names are letters and digits only).</summary>
    public static string Anchor(string alertName) => alertName.ToLowerInvariant();
}
