namespace Supawatch.Tests.Dashboards;

/// <summary>One PromQL target of a panel.</summary>
public sealed record PanelQuery(int PanelId, string PanelTitle, string RefId, string Expr);
