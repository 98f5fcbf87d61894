namespace Supawatch.Tests.Dashboards;

/// <summary>A dashboard variable and the query that lists its values (e.g. <c>label_values(metric, label)</c>).</summary>
public sealed record TemplateVariable(string Name, string Query);
