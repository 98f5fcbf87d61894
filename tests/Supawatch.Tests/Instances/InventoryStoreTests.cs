using Supawatch.Instances;

namespace Supawatch.Tests.Instances;

public class InventoryStoreTests
{
    [Fact]
    public async Task WaitForNewerAsync_CompletesWhenANewerSnapshotIsPublished()
    {
        var store = new InventoryStore();
        var waiting = store.WaitForNewerAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        store.Publish(InventorySnapshot.Empty with { Version = 1 });

        Assert.Equal(1, (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Version);
    }

    [Fact]
    public async Task WaitForNewerAsync_AlreadyNewer_ReturnsAtOnce()
    {
        var store = new InventoryStore();
        store.Publish(InventorySnapshot.Empty with { Version = 3 });

        var snapshot = await store.WaitForNewerAsync(2, CancellationToken.None);

        Assert.Equal(3, snapshot.Version);
    }
}
