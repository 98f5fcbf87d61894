using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Supawatch.Server;

/// <summary>
/// Hands Kestrel's socket transport a <see cref="LargeBlockMemoryPool"/>: the transport takes its pool from the
/// <see cref="IMemoryPoolFactory{T}"/> registered in DI.
/// </summary>
public sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    private readonly ConcurrentQueue<LargeBlockMemoryPool> _created = new();

    /// <summary>Every pool this factory made.</summary>
    public IReadOnlyCollection<LargeBlockMemoryPool> Created => _created;

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new LargeBlockMemoryPool();
        _created.Enqueue(pool);
        return pool;
    }
}
