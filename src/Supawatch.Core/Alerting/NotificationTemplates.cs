namespace Supawatch.Alerting;

/// <summary>
/// Slack, Discord and e-mail texts (Alertmanager Go templates): a title naming the alert, the instance and how many
/// fire; one paragraph per alert with its severity (or RESOLVED), summary, description and links.
/// </summary>
public static class NotificationTemplates
{
    public const string Title =
        "[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}{{ with .CommonLabels.instance_id }} on {{ . }}{{ end }}";

    public const string SlackText = """
        {{ range .Alerts -}}
        {{ if eq .Status "resolved" }}*RESOLVED*{{ else }}*{{ .Labels.severity | toUpper }}*{{ end }} {{ .Annotations.summary }}
        {{ .Annotations.description }}
        {{ with .Annotations.status_page }}<{{ . }}|Status page>{{ end }}{{ with .Annotations.dashboard }} · <{{ . }}|Dashboard>{{ end }}
        {{ end }}
        """;

    public const string DiscordMessage = """
        {{ range .Alerts -}}
        {{ if eq .Status "resolved" }}**RESOLVED**{{ else }}**{{ .Labels.severity | toUpper }}**{{ end }} {{ .Annotations.summary }}
        {{ .Annotations.description }}
        {{ with .Annotations.status_page }}Status page: {{ . }}{{ end }}{{ with .Annotations.dashboard }} · Dashboard: {{ . }}{{ end }}
        {{ end }}
        """;

    public const string SlackColor =
        "{{ if eq .Status \"firing\" }}{{ if eq .CommonLabels.severity \"critical\" }}danger{{ else }}warning{{ end }}{{ else }}good{{ end }}";

    public const string EmailSubject = "[Supawatch] " + Title;
}
