namespace Supawatch.Tests.Dashboards;

/// <summary>The reader the dashboard tests rely on: variable references and substitution as Grafana does them.</summary>
public sealed class GrafanaDashboardTests
{
    private static readonly GrafanaIntervals Intervals = new("1m", "15s", "5m");

    [Fact]
    public void VariableReferences_AllThreeSyntaxes_AreFound_AndGrafanasOwnAreNot()
    {
        var references = GrafanaDashboard.VariableReferences(
            "up{a=\"$one\", b=\"${two}\", c=\"${three:regex}\", d=\"[[four]]\"}[$__rate_interval] ${__value.raw} ${__url_time_range}");

        Assert.Equal(["four", "one", "three", "two"], references.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Substitute_VariablesAndIntervalMacros_BecomeConcreteValues()
    {
        var expr = GrafanaDashboard.Substitute(
            "avg_over_time(x{instance_id=\"$instance_id\", node=~\"${node}\"}[$__range]) + rate(y[$__rate_interval]) + z[$__interval]",
            new Dictionary<string, string> { ["instance_id"] = "1_app_2", ["node"] = "127.0.0.1:9100" },
            Intervals);

        Assert.Equal("avg_over_time(x{instance_id=\"1_app_2\", node=~\"127.0.0.1:9100\"}[5m]) + rate(y[1m]) + z[15s]", expr);
    }

    [Fact]
    public void Substitute_UndefinedVariable_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            GrafanaDashboard.Substitute("up{job=\"$missing\"}", new Dictionary<string, string>(), Intervals));

        Assert.Contains("$missing", error.Message, StringComparison.Ordinal);
    }
}
