namespace Supawatch.Alerting;

/// <summary>
/// Slack, Discord and e-mail texts (Alertmanager Go templates): a title naming the alert, the instance and how many
/// fire; one paragraph per alert with its severity (or RESOLVED), summary, description, its runbook (the rule's
/// <c>runbook_url</c>, docs/runbooks.md: what to check first) on a line of its own, and links — the status page and
/// dashboard (annotations), the rule's graph in Prometheus (<c>.GeneratorURL</c>, from Prometheus's external URL) and a
/// silence of that alert on that instance (from Alertmanager's external URL).
/// </summary>
public static class NotificationTemplates
{
    /// <summary>Inside <c>range .Alerts</c>: Alertmanager's "new silence" form, filled in for this alert (and its instance).</summary>
    public const string SilenceUrl =
        "{{ $.ExternalURL }}/#/silences/new?filter={{ if .Labels.instance_id }}{{ printf \"{alertname=%q,instance_id=%q}\" .Labels.alertname .Labels.instance_id | urlquery }}{{ else }}{{ printf \"{alertname=%q}\" .Labels.alertname | urlquery }}{{ end }}";

    public const string Title =
        "[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}{{ with .CommonLabels.instance_id }} on {{ . }}{{ end }}";

    public const string SlackText =
        "{{ range .Alerts -}}\n" +
        "{{ if eq .Status \"resolved\" }}*RESOLVED*{{ else }}*{{ .Labels.severity | toUpper }}*{{ end }} {{ .Annotations.summary }}\n" +
        "{{ .Annotations.description }}\n" +
        "{{ with .Annotations.runbook_url }}<{{ . }}|Runbook: what to check first>\n{{ end }}" +
        "{{ with .Annotations.status_page }}<{{ . }}|Status page>{{ end }}{{ with .Annotations.dashboard }} · <{{ . }}|Dashboard>{{ end }}" +
        "{{ with .GeneratorURL }} · <{{ . }}|Source>{{ end }}{{ if eq .Status \"firing\" }} · <" + SilenceUrl + "|Silence>{{ end }}\n" +
        "{{ end }}";

    public const string DiscordMessage =
        "{{ range .Alerts -}}\n" +
        "{{ if eq .Status \"resolved\" }}**RESOLVED**{{ else }}**{{ .Labels.severity | toUpper }}**{{ end }} {{ .Annotations.summary }}\n" +
        "{{ .Annotations.description }}\n" +
        "{{ with .Annotations.runbook_url }}Runbook: {{ . }}\n{{ end }}" +
        "{{ with .Annotations.status_page }}Status page: {{ . }}{{ end }}{{ with .Annotations.dashboard }} · Dashboard: {{ . }}{{ end }}" +
        "{{ with .GeneratorURL }} · Source: {{ . }}{{ end }}{{ if eq .Status \"firing\" }} · Silence: " + SilenceUrl + "{{ end }}\n" +
        "{{ end }}";

    public const string SlackColor =
        "{{ if eq .Status \"firing\" }}{{ if eq .CommonLabels.severity \"critical\" }}danger{{ else }}warning{{ end }}{{ else }}good{{ end }}";

    public const string EmailSubject = "[Supawatch] " + Title;
}
