using Supawatch.Discovery;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Discovery;

/// <summary>Two replicas with <c>SUPAWATCH_SHARD=0/2</c> and <c>1/2</c> on one real engine: together they cover it once.</summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class ShardingTests(DockerEngineFixture engine)
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Serve_TwoShards_SplitTheInstancesWithoutOverlapOrGap()
    {
        string[] ids = ["sh_app_1", "sh_app_2", "sh_app_3", "sh_app_4", "sh_app_5", "sh_app_6"];
        // The split the hash promises, so the test also proves both replicas got some.
        var expected0 = ids.Where(new Shard(0, 2).Owns).ToHashSet(StringComparer.Ordinal);
        Assert.InRange(expected0.Count, 1, ids.Length - 1);
        var started = new List<HttpdContainer>();
        try
        {
            foreach (var id in ids)
            {
                started.Add(await engine.RunHttpdAsync(id + "_kong"));
            }

            await using var first = await SupawatchServer.StartAsync(new Dictionary<string, string> { ["DOCKER_HOST"] = engine.DockerHost, ["SUPAWATCH_SHARD"] = "0/2" });
            await using var second = await SupawatchServer.StartAsync(new Dictionary<string, string> { ["DOCKER_HOST"] = engine.DockerHost, ["SUPAWATCH_SHARD"] = "1/2" });

            await Wait.UntilAsync(
                async () => (await first.SdInstanceIdsAsync()).Count(id => id.StartsWith("sh_", StringComparison.Ordinal)) + (await second.SdInstanceIdsAsync()).Count(id => id.StartsWith("sh_", StringComparison.Ordinal)) == ids.Length,
                Live, "every instance on one replica's /sd");
            var onFirst = (await first.SdInstanceIdsAsync()).Where(id => id.StartsWith("sh_", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
            var onSecond = (await second.SdInstanceIdsAsync()).Where(id => id.StartsWith("sh_", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

            Assert.Equal(expected0.Order(), onFirst.Order());
            Assert.Equal(ids.Except(expected0).Order(), onSecond.Order());
            await first.MetricsWhenAsync(m => m.Contains("supawatch_shard_info{shard=\"0\",shards=\"2\"} 1", StringComparison.Ordinal), "shard info");
        }
        finally
        {
            foreach (var httpd in started)
            {
                await engine.RemoveAsync(httpd.Name);
            }
        }
    }
}
