using System.Collections.Immutable;
using Supawatch.Health;
using Supawatch.History;
using Supawatch.Instances;

namespace Supawatch.Tests.Health;

/// <summary>
/// A round's error-budget event from its raw checks, case by case against the recording rule
/// <c>instance_id:supabase_slo_unavailable:sample</c> (docs/slo.md, "What counts as good and bad").
/// </summary>
public sealed class SloSamplerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, SloEvent, HealthStatus, HealthStatus, string[]> Cases => new()
    {
        // name, expected, confirmed, observed, checks as component/check/status
        { "all up", SloEvent.Good, HealthStatus.Up, HealthStatus.Up, ["kong/container/up", "kong/http/up", "db/container/up", "db/postgres/up"] },
        { "a database alone down: not in the sample (docs/slo.md)", SloEvent.Good, HealthStatus.Up, HealthStatus.Down, ["kong/container/up", "kong/http/up", "db/container/up", "db/postgres/down"] },
        { "Docker says unhealthy, still answers", SloEvent.Good, HealthStatus.Degraded, HealthStatus.Degraded, ["studio/container/degraded", "studio/http/up", "kong/container/up", "kong/http/up"] },
        { "Kong's HTTP check fails, before confirmation", SloEvent.Bad, HealthStatus.Up, HealthStatus.Down, ["kong/container/up", "kong/http/down", "db/container/up", "db/postgres/up"] },
        { "Kong's container stopped", SloEvent.Bad, HealthStatus.Up, HealthStatus.Down, ["kong/container/down", "db/container/up", "db/postgres/up"] },
        { "Kong unhealthy in Docker", SloEvent.Bad, HealthStatus.Degraded, HealthStatus.Degraded, ["kong/container/degraded", "kong/http/up"] },
        { "every network check fails", SloEvent.Bad, HealthStatus.Up, HealthStatus.Down, ["studio/container/up", "studio/http/down", "db/container/up", "db/postgres/down"] },
        { "no container runs", SloEvent.Bad, HealthStatus.Down, HealthStatus.Down, ["studio/container/down", "db/container/down"] },
        { "an API check fails behind a passing Kong", SloEvent.Bad, HealthStatus.Degraded, HealthStatus.Degraded, ["kong/container/up", "kong/http/up", "auth/api/degraded", "rest/api/up"] },
        { "API checks pass", SloEvent.Good, HealthStatus.Up, HealthStatus.Up, ["kong/container/up", "kong/http/up", "auth/api/up", "rest/api/up"] },
        { "stopped on purpose, everything down", SloEvent.None, HealthStatus.Stopped, HealthStatus.Stopped, ["kong/container/stopped", "db/container/stopped"] },
        { "in maintenance (confirmed), Kong down", SloEvent.None, HealthStatus.Maintenance, HealthStatus.Maintenance, ["kong/container/down"] },
        { "nothing checked yet", SloEvent.None, HealthStatus.Unknown, HealthStatus.Unknown, ["kong/http/unknown"] },
        { "no containers at all", SloEvent.Bad, HealthStatus.Down, HealthStatus.Down, [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_ARound_CountsWhatTheRuleSampleCounts(string name, SloEvent expected, HealthStatus confirmed, HealthStatus observed, string[] checks)
    {
        var results = checks.Select(c => c.Split('/')).Select(p => new CheckResult("i1", p[0], p[1], HealthStatuses.Parse(p[2]), TimeSpan.FromMilliseconds(5), p[2]));
        var components = results.GroupBy(r => r.Component, StringComparer.Ordinal)
            .Select(g => new ComponentHealth(g.Key, g.Max(r => r.Status), [.. g]))
            .ToImmutableArray();
        var instance = new InstanceHealth("i1", "o1", "Acme", "Shop", confirmed, observed, Now, null, components);

        Assert.True(expected == SloSampler.Of(instance), $"{name}: expected {expected}, got {SloSampler.Of(instance)}");
    }
}
