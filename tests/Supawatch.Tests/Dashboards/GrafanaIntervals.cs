namespace Supawatch.Tests.Dashboards;

/// <summary>The durations Grafana puts in place of <c>$__rate_interval</c>, <c>$__interval</c> and <c>$__range</c>.</summary>
public sealed record GrafanaIntervals(string RateInterval, string Interval, string Range);
