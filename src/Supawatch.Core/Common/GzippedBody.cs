using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Supawatch.Common;

/// <summary>
/// A prepared response body kept gzipped only, with the length of its plain form. The large documents Supawatch
/// serves (status.json: 6 MB plain, 0.3 MB gzipped at 1,000 instances) are written straight into gzip, so the plain
/// bytes never sit in the large object heap; the rare client that takes no gzip gets them inflated as they are sent.
/// Issue 25: the memory floor.
/// </summary>
public sealed record GzippedBody(ReadOnlyMemory<byte> Gzip, long PlainLength)
{
    /// <summary>Runs <paramref name="write"/> against a stream that gzips what it is given.</summary>
    public static GzippedBody Write(Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var compressed = new MemoryStream();
        long length;
        // Disposing the compressor writes the gzip trailer; the counter never disposes what it writes to.
        using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        using (var counted = new CountingStream(zip))
        {
            write(counted);
            length = counted.Written;
        }

        return new GzippedBody(compressed.GetBuffer().AsMemory(0, (int)compressed.Length), length);
    }

    /// <summary>The plain body, inflated as it is read.</summary>
    public Stream OpenPlain() => Inflate(Gzip);

    /// <summary>A stream that inflates <paramref name="gzip"/> as it is read.</summary>
    public static Stream Inflate(ReadOnlyMemory<byte> gzip)
    {
        var source = MemoryMarshal.TryGetArray(gzip, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(gzip.ToArray(), writable: false);
        return new GZipStream(source, CompressionMode.Decompress);
    }
}
