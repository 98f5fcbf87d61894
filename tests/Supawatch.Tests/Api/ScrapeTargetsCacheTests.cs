using System.Text.Json;
using Supawatch.Api;
using Supawatch.Common;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Targets;
using Supawatch.Tests.Discovery;

namespace Supawatch.Tests.Api;

public class ScrapeTargetsCacheTests
{
    private static InventorySnapshot Snapshot(long version, int hostPort) => InventoryBuilder.Build(
        [
            InventoryBuilderTests.Container("i1", "kong", ContainerState.Running, new PublishedPort(8100, "127.0.0.1", hostPort, "tcp")),
            InventoryBuilderTests.Container("i1", "rest", ContainerState.Running, new PublishedPort(3000, "127.0.0.1", hostPort + 1, "tcp")) with { MetricsPort = 3000 },
        ],
        null, ["kong"], [], version, DateTimeOffset.UnixEpoch, true);

    private static readonly DiscoveryOptions Options = new() { KongMetricsPort = 8100 };

    [Fact]
    public void Get_SameSnapshot_RendersOncePerComponent()
    {
        var store = new InventoryStore();
        store.Publish(Snapshot(1, 8001));
        var cache = new ScrapeTargetsCache(store, new TargetsPreview(), Options);

        Assert.Same(cache.Get(null), cache.Get(null));
        Assert.Same(cache.Get("kong"), cache.Get("kong"));
        Assert.NotSame(cache.Get(null), cache.Get("kong"));
        Assert.Equal(ScrapeTargets.Render(store.Current, Options, "kong"), Plain(cache.Get("kong")));
        Assert.Equal(ScrapeTargets.Render(store.Current, Options, null), Plain(cache.Get(null)));
        Assert.Equal(ScrapeTargets.Render(store.Current, Options, null).Length, cache.Get(null).PlainLength);
    }

    [Fact]
    public void Get_NewSnapshotPublished_AnswersFromTheNewOne()
    {
        var store = new InventoryStore();
        store.Publish(Snapshot(1, 8001));
        var cache = new ScrapeTargetsCache(store, new TargetsPreview(), Options);
        var before = cache.Get(null);

        store.Publish(Snapshot(2, 9001));
        var after = cache.Get(null);

        Assert.NotSame(before, after);
        Assert.Contains("127.0.0.1:9001", JsonDocument.Parse(Plain(after)).RootElement[0].GetProperty("targets")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Get_AReconcileThatKeptTheInstances_AnswersWithoutRenderingAgain()
    {
        var store = new InventoryStore();
        store.Publish(Snapshot(1, 8001));
        var cache = new ScrapeTargetsCache(store, new TargetsPreview(), Options);
        var before = cache.Get(null);

        // What a warm reconcile of an unchanged fleet publishes (InventoryReuse): the same instances, a new version.
        store.Publish(store.Current with { Version = 2, TakenAt = DateTimeOffset.UnixEpoch.AddSeconds(30) });

        Assert.Same(before, cache.Get(null));
    }

    [Fact]
    public void Get_ComponentDiscoveryDoesNotKnow_IsRenderedButNotKept()
    {
        var store = new InventoryStore();
        store.Publish(Snapshot(1, 8001));
        var cache = new ScrapeTargetsCache(store, new TargetsPreview(), Options);

        var first = cache.Get("not_a_component");

        Assert.Equal(0, JsonDocument.Parse(Plain(first)).RootElement.GetArrayLength());
        Assert.NotSame(first, cache.Get("not_a_component"));
    }

    [Fact]
    public void Get_ColdStartPreview_AnswersFromTheListsUntilCleared()
    {
        var store = new InventoryStore();
        var preview = new TargetsPreview();
        var cache = new ScrapeTargetsCache(store, preview, Options);
        Assert.Equal(0, JsonDocument.Parse(Plain(cache.Get(null))).RootElement.GetArrayLength());

        preview.Show(Snapshot(0, 8001));
        Assert.Contains("127.0.0.1:8001", JsonDocument.Parse(Plain(cache.Get(null))).RootElement[0].GetProperty("targets")[0].GetString(), StringComparison.Ordinal);

        store.Publish(Snapshot(1, 9001));
        preview.Clear();
        Assert.Contains("127.0.0.1:9001", JsonDocument.Parse(Plain(cache.Get(null))).RootElement[0].GetProperty("targets")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>The answer as a client that takes no gzip reads it.</summary>
    private static byte[] Plain(GzippedBody body)
    {
        using var plain = body.OpenPlain();
        using var copy = new MemoryStream();
        plain.CopyTo(copy);
        return copy.ToArray();
    }
}
