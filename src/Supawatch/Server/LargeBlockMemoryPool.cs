using System.Buffers;

namespace Supawatch.Server;

/// <summary>
/// The blocks Kestrel's connection pipes are made of: 64 KB arrays from <see cref="ArrayPool{T}.Shared"/> instead of
/// the 4 KB pinned blocks of Kestrel's own pool. Written by hand because Kestrel's block size is fixed: a plain
/// <c>/metrics</c> body of 5 MB at 1,000 instances went through 1,250 blocks, and the per-block work (renting, copying a
/// block at a time, one iovec per block in each <c>sendmsg</c>) cost about a fifth of the CPU of a plain scrape.
/// With 64 KB blocks one scraper's p50 fell from 2.8–4.0 to 2.2–2.5 ms and 16 connections served 10–20 % more
/// (docs/performance.md, "Larger pipe blocks").
/// </summary>
public sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockBytes = 64 * 1024;

    private long _rented;

    /// <summary>Blocks handed out since the pool was created (the tests use it to see Kestrel using this pool).</summary>
    public long BlocksRented => Interlocked.Read(ref _rented);

    /// <summary>The pipes never ask for more than this at once; every block is exactly this size.</summary>
    public override int MaxBufferSize => BlockBytes;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minBufferSize"/> is above <see cref="BlockBytes"/>.</exception>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockBytes);
        Interlocked.Increment(ref _rented);
        return new Block(ArrayPool<byte>.Shared.Rent(BlockBytes));
    }

    // The arrays belong to the shared pool, which trims what it does not need; there is nothing to release here.
    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(LargeBlockMemoryPool));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                ArrayPool<byte>.Shared.Return(returned);
            }
        }
    }
}
