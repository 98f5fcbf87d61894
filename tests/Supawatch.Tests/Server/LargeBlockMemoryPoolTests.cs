using System.Buffers;
using Supawatch.Server;

namespace Supawatch.Tests.Server;

public class LargeBlockMemoryPoolTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(LargeBlockMemoryPool.BlockBytes)]
    public void Rent_UpToABlock_GivesAWholeBlock(int size)
    {
        using var pool = new LargeBlockMemoryPool();

        using var block = pool.Rent(size);

        Assert.Equal(LargeBlockMemoryPool.BlockBytes, block.Memory.Length);
        Assert.Equal(1, pool.BlocksRented);
    }

    [Fact]
    public void Rent_MoreThanABlock_Throws()
    {
        using var pool = new LargeBlockMemoryPool();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockBytes + 1));
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheArrayToTheSharedPoolOnce()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();

        block.Dispose();
        block.Dispose();

        // Returned twice, the same array would be handed to both of the next two renters.
        var first = ArrayPool<byte>.Shared.Rent(LargeBlockMemoryPool.BlockBytes);
        var second = ArrayPool<byte>.Shared.Rent(LargeBlockMemoryPool.BlockBytes);
        Assert.NotSame(first, second);
        ArrayPool<byte>.Shared.Return(first);
        ArrayPool<byte>.Shared.Return(second);
    }

    [Fact]
    public void Memory_AfterDispose_Throws()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();

        block.Dispose();

        Assert.Throws<ObjectDisposedException>(() => block.Memory);
    }

    [Fact]
    public void Factory_Create_KeepsEveryPoolItMade()
    {
        var factory = new LargeBlockMemoryPoolFactory();

        using var first = factory.Create();
        using var second = factory.Create();

        Assert.Equal([first, second], factory.Created);
    }
}
