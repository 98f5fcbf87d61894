using System.Text;

namespace Supawatch.Discovery;

/// <summary>
/// Which part of the fleet this replica watches (<c>SUPAWATCH_SHARD=i/n</c>): the instances whose id hashes to
/// <see cref="Index"/> modulo <see cref="Count"/>. The hash is 64-bit FNV-1a over the id's UTF-8 bytes — fixed
/// across processes, machines and .NET versions (unlike <see cref="string.GetHashCode()"/>), so every replica
/// agrees on the split and an instance keeps its replica for as long as <c>n</c> stays the same.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole fleet: one replica, the default.</summary>
    public static Shard All { get; } = new(0, 1);

    public bool IsAll => Count <= 1;

    public bool Owns(string instanceId) => IsAll || (int)(Hash(instanceId) % (ulong)Count) == Index;

    public override string ToString() => $"{Index}/{Count}";

    public static bool TryParse(string? text, out Shard shard, out string? error)
    {
        shard = All;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var parts = text.Trim().Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            && count is >= 1 and <= 4096
            && index < count)
        {
            shard = new Shard(index, count);
            return true;
        }

        error = "must be i/n with 0 <= i < n <= 4096, e.g. 0/3 for the first of three replicas";
        return false;
    }

    /// <summary>64-bit FNV-1a of the UTF-8 bytes.</summary>
    public static ulong Hash(string value)
    {
        const ulong Offset = 14695981039346656037;
        const ulong Prime = 1099511628211;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(value) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(value, buffer)] : Encoding.UTF8.GetBytes(value);
        var hash = Offset;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= Prime;
        }

        return hash;
    }
}
