using System.Text;
using System.Text.Json;
using Supawatch.Docker;

namespace Supawatch.Tests.Docker;

public class ContainerListReaderTests
{
    // Entries as Docker Engine and podman write them: compose labels, IPv4 and IPv6 bindings, an unpublished port,
    // escapes, nested fields discovery never reads, a stopped container with no ports, a null Labels.
    private const string List = """
        [{"Id":"b3e2a2a3b55f","Names":["/100_app_1_kong"],"Image":"kong:2.8.1","Command":"/docker-entrypoint.sh kong",
          "Created":1796511581,
          "Ports":[{"IP":"0.0.0.0","PrivatePort":8000,"PublicPort":20000,"Type":"tcp"},
                   {"IP":"::","PrivatePort":8000,"PublicPort":20000,"Type":"tcp"},{"PrivatePort":8443,"Type":"tcp"}],
          "Labels":{"com.docker.compose.project":"100_app_1","supawatch.metrics_port":"8000",
                    "com.docker.compose.project.config_files":"/srv/supabase/100_app_1/docker-compose.yml","supawatch.component":"kong"},
          "State":"running","Status":"Up 2 days (healthy)",
          "HostConfig":{"NetworkMode":"100_app_1_default"},
          "NetworkSettings":{"Networks":{"100_app_1_default":{"IPAMConfig":null,"Aliases":["kong"],"IPPrefixLen":16}}},
          "Mounts":[{"Type":"bind","Source":"/srv/supabase/100_app_1/volumes/kong","Destination":"/data","RW":true}]},
         {"Id":"c4f3","Names":["/100_app_1_db","/alias \u0022quoted\u0022"],"Ports":[],"Labels":null,"State":"exited",
          "Status":"Exited (137) 5 minutes ago \u2014 \uD83D\uDE00","Mounts":[]},
         {"Id":"d5","Names":null,"Ports":null,"Labels":{},"State":"created","Status":""}]
        """;

    public static TheoryData<int> BlockSizes => [1, 3, 17, 256, 4096, 1 << 20];

    [Theory]
    [MemberData(nameof(BlockSizes))]
    public async Task ReadAsync_AnyBlockSize_ReadsWhatTheSerializerRead(int blockSize)
    {
        var expected = JsonSerializer.Deserialize(List, ContainerInspectJson.Default.ListContainerListEntry)!;

        var read = await ContainerListReader.ReadAsync(new TrickleStream(List, blockSize), CancellationToken.None);

        Assert.Equal(3, read.Count);
        Assert.Equal(Written(expected), Written(read));
        Assert.Equal(["supawatch.component", "supawatch.metrics_port"], read[0].Labels!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/alias \"quoted\"", read[1].Names![1]);
        Assert.Equal(8443, read[0].Ports![2].PrivatePort);
        Assert.Null(read[0].Ports![2].PublicPort);
    }

    [Theory]
    [MemberData(nameof(BlockSizes))]
    public async Task ReadAsync_KnownEntries_ComeBackUnchangedWithoutBeingDecoded(int blockSize)
    {
        var first = await ContainerListReader.ReadAsync(new TrickleStream(List, blockSize), _ => null, CancellationToken.None);
        Assert.Equal(3, first.Select(e => e.ListedHash).Distinct().Count());
        Assert.DoesNotContain(first, e => e.ListedHash == UInt128.Zero || e.Unchanged);
        var known = new Dictionary<UInt128, string> { [first[0].ListedHash] = first[0].Id, [first[2].ListedHash] = first[2].Id };

        var again = await ContainerListReader.ReadAsync(new TrickleStream(List, blockSize), h => known.GetValueOrDefault(h), CancellationToken.None);

        Assert.Equal(first.Select(e => e.ListedHash), again.Select(e => e.ListedHash));
        Assert.Equal([true, false, true], again.Select(e => e.Unchanged));
        Assert.Equal(["b3e2a2a3b55f", "c4f3", "d5"], again.Select(e => e.Id));
        Assert.Null(again[0].Names);
        Assert.Null(again[0].State);
        Assert.Equal(Written([first[1]]), Written([again[1]]));
    }

    [Fact]
    public async Task ReadAsync_OneByteChangedInAKnownEntry_TheEntryIsReadWhole()
    {
        var first = await ContainerListReader.ReadAsync(new TrickleStream(List, 4096), _ => null, CancellationToken.None);
        var known = first.ToDictionary(e => e.ListedHash, e => e.Id);

        var changed = await ContainerListReader.ReadAsync(
            new TrickleStream(List.Replace("Up 2 days (healthy)", "Up 3 days (healthy)", StringComparison.Ordinal), 4096),
            h => known.GetValueOrDefault(h), CancellationToken.None);

        Assert.Equal([false, true, true], changed.Select(e => e.Unchanged));
        Assert.Equal("Up 3 days (healthy)", changed[0].Status);
        Assert.Equal("running", changed[0].State);
        Assert.NotEqual(first[0].ListedHash, changed[0].ListedHash);
    }

    [Fact]
    public async Task ReadAsync_NothingKnown_HashesNothing()
    {
        var read = await ContainerListReader.ReadAsync(new TrickleStream(List, 4096), CancellationToken.None);

        Assert.All(read, e => Assert.Equal(UInt128.Zero, e.ListedHash));
        Assert.DoesNotContain(read, e => e.Unchanged);
    }

    [Fact]
    public async Task ReadAsync_OtherCasingAndEscapedNames_ReadAsTheSerializerDid()
    {
        const string odd = """[{"id":"a","NAMES":["/i1_kong"],"St\u0061te":"running","labels":{"supawatch\u002Ecomponent":"kong"},"ports":[{"ip":"127.0.0.1","privateport":8000,"PUBLICPORT":8001,"type":"tcp"}]}]""";
        var expected = JsonSerializer.Deserialize(odd, ContainerInspectJson.Default.ListContainerListEntry)!;

        var read = await ContainerListReader.ReadAsync(new TrickleStream(odd, 5), CancellationToken.None);

        Assert.Equal(Written(expected), Written(read));
        Assert.Equal("running", read[0].State);
        Assert.Equal(8001, read[0].Ports![0].PublicPort);
        Assert.Equal("kong", read[0].Labels!["supawatch.component"]);
    }

    [Fact]
    public async Task ReadAsync_AnEntryLargerThanOneBlock_TheBlockGrows()
    {
        var big = new string('x', 300_000);
        var body = $$"""[{"Id":"a","Labels":{"com.example.big":"{{big}}","supawatch.metrics_port":"9000"},"Status":"{{big}}"},{"Id":"b"}]""";

        var read = await ContainerListReader.ReadAsync(new TrickleStream(body, 8192), CancellationToken.None);

        Assert.Equal(["a", "b"], read.Select(e => e.Id));
        Assert.Equal(big, read[0].Status);
        Assert.Equal("9000", read[0].Labels!["supawatch.metrics_port"]);
    }

    [Theory]
    [InlineData("[]", 0)]
    [InlineData("  null ", 0)]
    [InlineData("[{}]", 1)]
    public async Task ReadAsync_EmptyAnswers_NoEntriesOrEmptyOnes(string body, int count)
    {
        var read = await ContainerListReader.ReadAsync(new TrickleStream(body, 2), CancellationToken.None);

        Assert.Equal(count, read.Count);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("""{"message":"page not found"}""", "not an array")]
    [InlineData("""[{"Id":"a"},{"Id":"b","Names":["/x"]""", "ends before")]
    [InlineData("""[{"Id":"a"}""", "ends before")]
    [InlineData("""["a"]""", "not an object")]
    [InlineData("""[{"Id":7}]""", "where text belongs")]
    [InlineData("""[{"Names":[1]}]""", "Names")]
    [InlineData("""[{"Ports":[{"PublicPort":"80"}]}]""", "not a whole number")]
    [InlineData("""[{"Id":"a"} x""", "")]
    public async Task ReadAsync_NotAContainerList_SaysWhatIsWrong(string body, string says)
    {
        var error = await Assert.ThrowsAnyAsync<JsonException>(() => ContainerListReader.ReadAsync(new TrickleStream(body, 3), CancellationToken.None));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    private static string Written(List<ContainerListEntry> entries) =>
        JsonSerializer.Serialize(entries, ContainerInspectJson.Default.ListContainerListEntry);

    /// <summary>Hands out at most <c>blockSize</c> bytes per read, asynchronously, as a socket does.</summary>
    private sealed class TrickleStream(string body, int blockSize) : Stream
    {
        private readonly byte[] _data = Encoding.UTF8.GetBytes(body);
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _data.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            var count = Math.Min(Math.Min(blockSize, buffer.Length), _data.Length - _position);
            _data.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
