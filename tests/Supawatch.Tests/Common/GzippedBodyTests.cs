using System.IO.Compression;
using System.Text;
using Supawatch.Common;

namespace Supawatch.Tests.Common;

public sealed class GzippedBodyTests
{
    [Fact]
    public void Write_KeepsOnlyGzip_PlainComesBackWholeWithItsLength()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"supabase_instance_up{{instance_id=\"i{i}\",org=\"Org ação\"}} 1\n"));

        var body = GzippedBody.Write(stream => stream.Write(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(Encoding.UTF8.GetByteCount(text), body.PlainLength);
        Assert.True(body.Gzip.Length < body.PlainLength / 10, $"gzip {body.Gzip.Length} of {body.PlainLength} bytes");
        using (var reader = new StreamReader(body.OpenPlain()))
        {
            Assert.Equal(text, reader.ReadToEnd());
        }

        // A standard gzip member: what a browser or Prometheus inflates itself.
        using var standard = new GZipStream(new MemoryStream(body.Gzip.ToArray()), CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        standard.CopyTo(inflated);
        Assert.Equal(text, Encoding.UTF8.GetString(inflated.ToArray()));
    }

    [Fact]
    public void Write_Nothing_IsAnEmptyBody()
    {
        var body = GzippedBody.Write(_ => { });

        Assert.Equal(0, body.PlainLength);
        using var reader = new StreamReader(body.OpenPlain());
        Assert.Equal("", reader.ReadToEnd());
    }
}
