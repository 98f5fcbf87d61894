using Supawatch.Configuration;
using Supawatch.Stack;
using Supawatch.Validation;

namespace Supawatch.Tests.Stack;

/// <summary>remote_write with tenants, and the external labels of a Prometheus HA pair.</summary>
public sealed class ScaleConfigTests
{
    private static readonly StackPorts Ports = StackPorts.From(new StackOptions());

    private static Dictionary<object, object> Render(StackOptions options) =>
        StackYaml.Parse(PrometheusConfig.Render(PrometheusConfig.Build(StackRuntime.Native, Ports, TimeSpan.FromSeconds(30), scale: options)));

    [Fact]
    public void Build_NothingAsked_HasNoRemoteWriteAndOnlyTheMonitorLabel()
    {
        var yaml = Render(new StackOptions());

        Assert.False(yaml.ContainsKey("remote_write"));
        Assert.Equal(["monitor"], StackYaml.Map(StackYaml.Map(yaml, "global"), "external_labels").Keys.Cast<string>());
    }

    [Fact]
    public void Build_HaPair_AddsClusterAndReplicaExternalLabels()
    {
        var labels = StackYaml.Map(StackYaml.Map(Render(new StackOptions { PrometheusCluster = "eu", PrometheusReplica = "b" }), "global"), "external_labels");

        Assert.Equal("eu", labels["cluster"]);
        Assert.Equal("b", labels["replica"]);
    }

    [Fact]
    public void Build_ShardReplicas_ScrapesEachReplica_AndTakesTheTenantsFromEachOnesSd()
    {
        var jobs = StackYaml.List(Render(new StackOptions { ShardReplicas = "sw-0:9200, sw-1:9200,sw-0:9200" }), "scrape_configs").Cast<Dictionary<object, object>>().ToList();

        var supawatch = jobs.Single(j => (string)j["job_name"] == PrometheusConfig.SupawatchJob);
        Assert.Equal(["sw-0:9200", "sw-1:9200"], StackYaml.List((Dictionary<object, object>)StackYaml.List(supawatch, "static_configs").Single(), "targets").Cast<string>());
        var tenants = jobs.Single(j => (string)j["job_name"] == PrometheusConfig.InstancesFileSdJob);
        Assert.False(tenants.ContainsKey("file_sd_configs"));
        Assert.Equal(["http://sw-0:9200/sd", "http://sw-1:9200/sd"], StackYaml.List(tenants, "http_sd_configs").Cast<Dictionary<object, object>>().Select(sd => sd["url"]));
    }

    [Theory]
    [InlineData("sw-0:9200,sw-1")]
    [InlineData("sw-0:9200,http://sw-1:9200")]
    [InlineData("sw 0:9200")]
    public void Validate_ShardReplicaNotHostPort_NamesTheVariable(string replicas)
    {
        var errors = new List<string>();
        ScaleConfig.Validate(new StackOptions { ShardReplicas = replicas }, errors);

        Assert.Contains(errors, e => e.StartsWith("SUPAWATCH_SHARD_REPLICAS: ", StringComparison.Ordinal) && e.Contains("host:port", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_MimirWithOrgTenants_OneEntryPerOrgWithItsHeader_AndTheRestToTheDefaultTenant()
    {
        var yaml = Render(new StackOptions
        {
            RemoteWriteUrl = "http://mimir:9009/api/v1/push",
            RemoteWriteKind = RemoteWriteKinds.Mimir,
            RemoteWriteTenant = "fleet",
            RemoteWriteOrgTenants = new() { ["o1"] = "acme", ["o.2"] = "globex" },
        });

        var entries = StackYaml.List(yaml, "remote_write").Cast<Dictionary<object, object>>().ToList();
        Assert.Equal(["org-o.2", "org-o1", "default"], entries.Select(e => e["name"]));
        Assert.All(entries, e => Assert.Equal("http://mimir:9009/api/v1/push", e["url"]));
        Assert.Equal("globex", StackYaml.Map(entries[0], "headers")["X-Scope-OrgID"]);
        var keep = (Dictionary<object, object>)StackYaml.List(entries[0], "write_relabel_configs").Single();
        Assert.Equal(("keep", "o\\.2"), (keep["action"], keep["regex"]));
        Assert.Equal("fleet", StackYaml.Map(entries[2], "headers")["X-Scope-OrgID"]);
        var drop = (Dictionary<object, object>)StackYaml.List(entries[2], "write_relabel_configs").Single();
        Assert.Equal(("drop", "o\\.2|o1"), (drop["action"], drop["regex"]));
    }

    [Fact]
    public void Build_ThanosAndVictoriaMetrics_NameTheTenantTheirWay()
    {
        var thanos = (Dictionary<object, object>)StackYaml.List(Render(new StackOptions { RemoteWriteUrl = "http://receive:19291/api/v1/receive", RemoteWriteKind = "thanos", RemoteWriteTenant = "t1" }), "remote_write").Single();
        var vm = (Dictionary<object, object>)StackYaml.List(Render(new StackOptions { RemoteWriteUrl = "http://vminsert:8480/insert/{tenant}/prometheus/api/v1/write", RemoteWriteKind = "victoriametrics", RemoteWriteTenant = "42" }), "remote_write").Single();

        Assert.Equal("t1", StackYaml.Map(thanos, "headers")["THANOS-TENANT"]);
        Assert.Equal("http://vminsert:8480/insert/42/prometheus/api/v1/write", vm["url"]);
        Assert.False(vm.ContainsKey("headers"));
    }

    [Theory]
    [InlineData("SUPAWATCH_REMOTE_WRITE_KIND", "cortexx", "SUPAWATCH_REMOTE_WRITE_KIND must be one of")]
    [InlineData("SUPAWATCH_REMOTE_WRITE_URL", "mimir:9009", "SUPAWATCH_REMOTE_WRITE_URL must be an http")]
    [InlineData("SUPAWATCH_REMOTE_WRITE_TENANT", "t1", "need SUPAWATCH_REMOTE_WRITE_URL")]
    public void Validate_BadRemoteWrite_NamesTheVariable(string variable, string value, string expected)
    {
        var errors = ConfigurationValidator.Validate(SupawatchConfiguration.Build(null, new Dictionary<string, string> { [variable] = value }));

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal) || e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TenantsOnPlainPrometheusOrVmWithoutPlaceholder_AreRejected()
    {
        var errors = new List<string>();
        ScaleConfig.Validate(new StackOptions { RemoteWriteUrl = "http://p:9090/api/v1/write", RemoteWriteTenant = "t" }, errors);
        ScaleConfig.Validate(new StackOptions { RemoteWriteUrl = "http://vm:8480/api/v1/write", RemoteWriteKind = "victoriametrics", RemoteWriteTenant = "1" }, errors);

        Assert.Equal(2, errors.Count);
        Assert.Contains("has no tenants", errors[0], StringComparison.Ordinal);
        Assert.Contains("{tenant}", errors[1], StringComparison.Ordinal);
    }
}
