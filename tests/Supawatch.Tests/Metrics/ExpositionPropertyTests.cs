using System.Collections.Immutable;
using CsCheck;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Metrics;
using Supawatch.Tests.Security;

namespace Supawatch.Tests.Metrics;

/// <summary>
/// For any master-DB values and container names (any Unicode, quotes, backslashes, line breaks, NUL, label-injection
/// text, 10 KB strings), the exposition <see cref="SupabaseMetrics"/> writes through <see cref="ExpositionWriter"/> parses back
/// strictly (<see cref="PrometheusText"/>) to exactly the values put in, bounded by <see cref="LabelValue"/>; no
/// sample or label appears that was not declared. Fixed seed; see <see cref="HostileText"/>.
/// </summary>
public class ExpositionPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);
    private static readonly string[] InfoLabels = ["instance_id", "org_id", "org_name", "project_name", "expected_state", "host"];

    public sealed record Tenant(string InstanceId, string? OrgId, string? OrgName, string? ProjectName, string? ExpectedState, string ContainerName);

    /// <summary>One to four tenants; ids get a unique prefix so two tenants never collide.</summary>
    public static readonly Gen<Tenant[]> Tenants =
        Gen.Select(HostileText.TextOrLong(), Gen.Null(HostileText.Text()), Gen.Null(HostileText.TextOrLong()), Gen.Null(HostileText.TextOrLong()), Gen.Null(HostileText.Text(6)), HostileText.TextOrLong())
            .Select((id, orgId, orgName, project, state, container) => new Tenant(id, orgId, orgName, project, state, container))
            .Array[1, 4]
            .Select(tenants => tenants.Select((t, i) => t with { InstanceId = $"t{i}{t.InstanceId}", ContainerName = $"t{i}{t.ContainerName}" }).ToArray());

    [Fact]
    public void Exposition_HostileMasterDbValuesAndContainerNames_ParseBackToTheSameLabelValues()
    {
        HostileText.ForAll(Tenants, tenants =>
        {
            var samples = PrometheusText.Parse(Render(tenants));

            var info = samples.Where(s => s.Name == "supabase_instance_info").ToList();
            Assert.Equal(tenants.Length, info.Count);
            foreach (var tenant in tenants)
            {
                var sample = Assert.Single(info, s => s.Label("instance_id") == tenant.InstanceId);
                Assert.Equal(InfoLabels, sample.Labels.Select(l => l.Key));
                Assert.Equal(LabelValue.Of(tenant.OrgId), sample.Label("org_id"));
                Assert.Equal(LabelValue.Of(tenant.OrgName), sample.Label("org_name"));
                Assert.Equal(LabelValue.Of(tenant.ProjectName), sample.Label("project_name"));
                Assert.Equal(LabelValue.Of(tenant.ExpectedState), sample.Label("expected_state"));
                Assert.Equal(1, sample.Value);

                var restarts = Assert.Single(samples, s => s.Name == "supabase_docker_container_restarts_total" && s.Label("instance_id") == tenant.InstanceId);
                Assert.Equal(tenant.ContainerName, restarts.Label("container_name"));
                Assert.Equal(["container_name", "instance_id", "component", "host"], restarts.Labels.Select(l => l.Key));
            }

            var byOrg = samples.Where(s => s.Name == "supabase_instances_by_org").ToList();
            Assert.Equal(tenants.Length, byOrg.Sum(s => s.Value));
            Assert.All(byOrg, s => Assert.Equal(["org_id", "org_name"], s.Labels.Select(l => l.Key)));
            Assert.DoesNotContain(samples, s => s.Name.StartsWith("fake", StringComparison.Ordinal));
        }, iterations: 150);
    }

    [Fact]
    public void Parser_BrokenExposition_IsRejected()
    {
        // The reader is only worth its properties if it refuses what an unescaped value would produce.
        string[] broken =
        [
            "# TYPE m gauge\nm{a=\"x\",org_id=\"1\",a=\"y\"} 1\n",
            "# TYPE m gauge\nm{a=\"line\nfake 1\"} 1\n",
            "# TYPE m gauge\nm{a=\"\\q\"} 1\n",
            "# TYPE m gauge\nm{a=\"x\"\"} 1\n",
            "# TYPE m gauge\nfake_metric 1\n",
            "# TYPE m gauge\nm 1",
        ];
        foreach (var text in broken)
        {
            Assert.Throws<FormatException>(() => PrometheusText.Parse(System.Text.Encoding.UTF8.GetBytes(text)));
        }

        Assert.Throws<System.Text.DecoderFallbackException>(() => PrometheusText.Parse([(byte)'m', 0xC3, 0x28, (byte)'\n']));
    }

    internal static byte[] Render(IReadOnlyList<Tenant> tenants)
    {
        var containers = tenants.Select(t => new ContainerInfo
        {
            Id = Guid.NewGuid().ToString("N"),
            Name = t.ContainerName,
            InstanceId = t.InstanceId,
            Component = "kong",
            State = ContainerState.Running,
            StartedAt = Now.AddMinutes(-5),
            RestartCount = 1,
        });
        var metadata = tenants.ToDictionary(t => t.InstanceId, t => new InstanceMetadata(t.InstanceId, t.OrgId, t.OrgName, t.ProjectName, t.ExpectedState), StringComparer.Ordinal);
        var inventory = InventoryBuilder.Build(containers, metadata, ["kong"], ImmutableArray<SourceStatus>.Empty, 1, Now, true);
        using var stream = new MemoryStream();
        using (var writer = new ExpositionWriter(stream))
        {
            SupabaseMetrics.Write(writer, inventory, new Dictionary<string, ContainerStats>(), new Dictionary<string, TenantDbStatus>(), StoppedStates.Parse(StoppedStates.Default), Now);
        }

        return stream.ToArray();
    }
}
