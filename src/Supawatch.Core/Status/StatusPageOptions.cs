using Microsoft.Extensions.Configuration;
using Supawatch.Common;
using Supawatch.Security;

namespace Supawatch.Status;

/// <summary>
/// Who may see the fleet-wide overview, and whether public pages name instances and hosts. Section <c>StatusPage</c>.
/// Read by hand (two values), so a typo is an error naming the variable rather than a silent default.
/// </summary>
public sealed class StatusPageOptions
{
    public const string Section = "StatusPage";

    /// <summary>The overview (<c>/status</c>, its JSON and <c>status.json</c>) is public.</summary>
    public const string Public = "public";

    /// <summary>The overview needs the operator credentials of <c>SUPAWATCH_AUTH_*</c>; organization pages stay public.</summary>
    public const string Operator = "operator";

    /// <summary>No overview: only organization pages and badges are served.</summary>
    public const string Off = "off";

    /// <summary><c>SUPAWATCH_STATUS_OVERVIEW</c>: <c>public</c> (default), <c>operator</c> or <c>off</c>.</summary>
    public string Overview { get; init; } = Public;

    /// <summary>
    /// <c>SUPAWATCH_STATUS_HIDE_IDS</c>: public pages and their JSON show no instance ids and no Docker host names
    /// (instances are named by project; ids become <c>instance-N</c>). The operator-only overview still shows them.
    /// </summary>
    public bool HideIds { get; init; }

    /// <summary>
    /// <c>SUPAWATCH_STATUS_SLO</c>: public pages and their JSON show each organization's and instance's error budget
    /// (objective, budget left, burn rate; docs/slo.md). Off by default: a provider decides whether customers see it.
    /// <c>&lt;data&gt;/status.json</c> and the operator-only overview always carry it.
    /// </summary>
    public bool ShowSlo { get; init; }

    /// <summary>
    /// <c>SUPAWATCH_STATUS_NOTICE</c>: one line the operator puts at the top of every status page and in status.json
    /// (<c>supawatch demo</c> says there that its fleet is simulated); shown as text, never markup.
    /// </summary>
    public string? Notice { get; init; }

    public static StatusPageOptions Default { get; } = new();

    /// <summary>Reads the section; problems (naming the variable and the fix) go to <paramref name="errors"/>.</summary>
    public static StatusPageOptions Load(IConfiguration configuration, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        var overview = Public;
        var raw = configuration[Section + ":Overview"];
        if (!string.IsNullOrWhiteSpace(raw))
        {
            var value = raw.Trim().ToLowerInvariant();
            if (value is Public or Operator or Off)
            {
                overview = value;
            }
            else
            {
                errors.Add($"SUPAWATCH_STATUS_OVERVIEW: '{SafeText.Printable(raw)}' is not public, operator or off; write operator to show the fleet overview only with the SUPAWATCH_AUTH_* credentials");
            }
        }

        var hideIds = false;
        var hide = configuration[Section + ":HideIds"];
        if (!string.IsNullOrWhiteSpace(hide) && !bool.TryParse(hide.Trim(), out hideIds))
        {
            errors.Add($"SUPAWATCH_STATUS_HIDE_IDS: '{SafeText.Printable(hide)}' is not true or false; write true to keep instance ids and host names off public pages");
        }

        if (overview == Operator && !AuthCredentials.Load(configuration, []).IsEnabled)
        {
            errors.Add("SUPAWATCH_STATUS_OVERVIEW: operator needs operator credentials; set SUPAWATCH_AUTH_TOKEN_FILE (or SUPAWATCH_AUTH_USER and SUPAWATCH_AUTH_PASSWORD_FILE), or write off");
        }

        var showSlo = false;
        var slo = configuration[Section + ":ShowSlo"];
        if (!string.IsNullOrWhiteSpace(slo) && !bool.TryParse(slo.Trim(), out showSlo))
        {
            errors.Add($"SUPAWATCH_STATUS_SLO: '{SafeText.Printable(slo)}' is not true or false; write true to show error budgets on public status pages");
        }

        var notice = configuration[Section + ":Notice"];
        return new StatusPageOptions { Overview = overview, HideIds = hideIds, ShowSlo = showSlo, Notice = string.IsNullOrWhiteSpace(notice) ? null : notice.Trim() };
    }
}
