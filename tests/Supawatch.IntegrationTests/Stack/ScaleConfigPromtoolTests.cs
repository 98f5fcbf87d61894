using Supawatch.Alerting;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Stack;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>prometheus.yml with remote_write tenants and HA external labels, checked by the real promtool.</summary>
public sealed class ScaleConfigPromtoolTests
{
    public static TheoryData<string, string, string?> Backends() => new()
    {
        { RemoteWriteKinds.Prometheus, "http://127.0.0.1:9091/api/v1/write", null },
        { RemoteWriteKinds.Mimir, "http://127.0.0.1:9009/api/v1/push", "fleet" },
        { RemoteWriteKinds.Thanos, "http://127.0.0.1:19291/api/v1/receive", "fleet" },
        { RemoteWriteKinds.VictoriaMetrics, "http://127.0.0.1:8480/insert/{tenant}/prometheus/api/v1/write", "7" },
    };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Render_RemoteWriteAndHaLabels_PassPromtoolCheckConfig(string kind, string url, string? tenant)
    {
        RequiredTool.Find("promtool", "prometheus");
        var options = new StackOptions
        {
            RemoteWriteUrl = url,
            RemoteWriteKind = kind,
            RemoteWriteTenant = tenant,
            RemoteWriteOrgTenants = tenant is null ? [] : new() { ["o1"] = "acme", ["o.2"] = "8" },
            PrometheusCluster = "eu",
            PrometheusReplica = "a",
        };
        var errors = new List<string>();
        ScaleConfig.Validate(options, errors);
        Assert.Empty(errors);
        var dir = TempDirectory.Create("supawatch-scale-");
        var path = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(path, PrometheusConfig.Render(PrometheusConfig.Build(StackRuntime.Native, StackPorts.From(new StackOptions()), TimeSpan.FromSeconds(30), scale: options)));
        Directory.CreateDirectory(Path.Combine(dir, AlertingFiles.Folder));

        var result = await new ConfigChecker([]).CheckPrometheusAsync(path, CancellationToken.None);

        Assert.True(result.Ran);
        Assert.True(result.Ok, result.Output);
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains("remote_write:", text, StringComparison.Ordinal);
        Assert.Contains("replica: a", text, StringComparison.Ordinal);
    }
}
