using System.Text;
using Supawatch.Common;

namespace Supawatch.Tests.Common;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("supawatch-atomic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Write_FirstWriteAfterAKill_RemovesTheKilledWritersTempsOnly()
    {
        // 999999999 is above Linux's pid_max: that writer is certainly gone, as after a SIGKILL mid-write.
        var stale = Path.Combine(_directory, ".instances.json.999999999.0123abcd.tmp");
        var ownInFlight = Path.Combine(_directory, $".instances.json.{Environment.ProcessId}.4567ef.tmp");
        var otherFile = Path.Combine(_directory, ".status.json.999999999.89ab.tmp");
        foreach (var temp in new[] { stale, ownInFlight, otherFile })
        {
            await File.WriteAllTextAsync(temp, "half a fi");
        }

        await AtomicFile.WriteAsync(Path.Combine(_directory, "instances.json"), Encoding.UTF8.GetBytes("[]"), CancellationToken.None);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(ownInFlight));
        Assert.True(File.Exists(otherFile));
        Assert.Equal("[]", await File.ReadAllTextAsync(Path.Combine(_directory, "instances.json")));
    }

    [Fact]
    public void Write_WriterThrowsHalfway_KeepsTheOldFileAndLeavesNoTemp()
    {
        var path = Path.Combine(_directory, "status.json");
        AtomicFile.Write(path, stream => stream.Write("{\"round\":1}"u8));

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("{\"rou"u8);
            throw new IOException("No space left on device");
        }));

        Assert.Equal("{\"round\":1}", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }
}
