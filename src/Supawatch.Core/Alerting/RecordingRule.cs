namespace Supawatch.Alerting;

/// <summary>One Prometheus recording rule: <see cref="Expr"/> evaluated and stored as the series <see cref="Record"/>.</summary>
public sealed record RecordingRule(string Record, string Expr);
