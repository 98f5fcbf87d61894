using System.Collections.Immutable;
using System.Text;
using CsCheck;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Metrics;
using Supawatch.Tests.Metrics;
using Supawatch.Tests.Security;

namespace Supawatch.IntegrationTests.Security;

/// <summary>
/// The real <c>promtool check metrics</c> on an exposition of generated hostile tenants (fixed seed): NUL, CR/LF,
/// quotes, backslashes, any Unicode and 10 KB values in every free-text label. The unit property tests prove the
/// round trip with a strict reader; this proves Prometheus' own parser agrees.
/// </summary>
public sealed class ExpositionPropertyPromtoolTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Exposition_GeneratedHostileTenants_PassPromtoolAndTheStrictReader()
    {
        var pcg = new PCG(1, HostileText.DefaultSeed);
        var text = HostileText.TextOrLong();
        var metadata = Enumerable.Range(0, 40)
            .Select(i => new InstanceMetadata($"p{i}_{Clean(text.Generate(pcg, null, out _))}", text.Generate(pcg, null, out _), text.Generate(pcg, null, out _), text.Generate(pcg, null, out _) + "\0nul", text.Generate(pcg, null, out _)))
            .ToDictionary(m => m.InstanceId, StringComparer.Ordinal);
        var containers = metadata.Keys.Select((id, i) => new ContainerInfo
        {
            Id = $"c{i}",
            Name = $"{id}_kong",
            InstanceId = id,
            Component = "kong",
            State = ContainerState.Running,
            StartedAt = Now.AddMinutes(-1),
        });
        using var stream = new MemoryStream();
        using (var writer = new ExpositionWriter(stream))
        {
            SupabaseMetrics.Write(writer, InventoryBuilder.Build(containers, metadata, ["kong"], ImmutableArray<SourceStatus>.Empty, 1, Now, true), new Dictionary<string, ContainerStats>(), new Dictionary<string, TenantDbStatus>(), StoppedStates.Parse(StoppedStates.Default), Now);
        }

        var problems = await PromTool.CheckMetricsAsync(Encoding.UTF8.GetString(stream.ToArray()));

        Assert.All(problems, p => Assert.EndsWith("non-counter metrics should not have \"_total\" suffix", p, StringComparison.Ordinal));
        var info = PrometheusText.Parse(stream.ToArray()).Where(s => s.Name == "supabase_instance_info").ToList();
        Assert.Equal(metadata.Count, info.Count);
        Assert.All(info, s => Assert.Equal(LabelValue.Of(metadata[s.Label("instance_id")!].ProjectName), s.Label("project_name")));
    }

    // Instance ids reach /metrics only through the parser, which holds them to Docker's alphabet.
    private static string Clean(string text) => new(text.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-').ToArray());
}
