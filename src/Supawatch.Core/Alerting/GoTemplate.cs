namespace Supawatch.Alerting;

/// <summary>
/// Configuration values that land in fields Prometheus or Alertmanager expand as Go templates (rule annotations,
/// e-mail <c>to</c>/<c>from</c>). A value is data, never template code. Only <c>{{</c> opens an action, so a value
/// holding it has every <c>{</c> written as an action printing that one character: the text between actions then
/// holds no <c>{</c> at all, and no brace of the value can join a neighbour into a new <c>{{</c>. A URL such as
/// <c>https://grafana/{{ .x }}</c> neither breaks the file nor runs.
/// </summary>
public static class GoTemplate
{
    public const string OpenBrace = "{{ \"{\" }}";

    public static string Literal(string text) =>
        text.Contains("{{", StringComparison.Ordinal) ? text.Replace("{", OpenBrace, StringComparison.Ordinal) : text;
}
