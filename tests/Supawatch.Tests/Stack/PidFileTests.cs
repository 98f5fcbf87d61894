using Supawatch.Stack;

namespace Supawatch.Tests.Stack;

/// <summary>A PID file is trusted only while /proc says the process is the program it started, on this folder.</summary>
public sealed class PidFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("supawatch-pid-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void LivePid_PidReusedByAnotherProcess_IsStaleAndNotTrusted()
    {
        var path = Path.Combine(_folder, "prometheus.pid");
        File.WriteAllText(path, Environment.ProcessId + "\n"); // alive, but this test host is not prometheus on this folder

        var pid = new PidFile(path, "/usr/bin/prometheus", _folder).LivePid(out var stale);

        Assert.Null(pid);
        Assert.True(stale);
    }

    [Fact]
    public void LivePid_ProcessThatIsGone_IsStale()
    {
        var path = Path.Combine(_folder, "prometheus.pid");
        File.WriteAllText(path, "2147483646\n");

        Assert.Null(new PidFile(path, "/usr/bin/prometheus", _folder).LivePid(out var stale));
        Assert.True(stale);
    }

    [Fact]
    public void Matches_ProgramAndFolderInTheCommandLine_IsTrusted()
    {
        var pidFile = new PidFile(Path.Combine(_folder, "x.pid"), "/usr/bin/prometheus", _folder);

        Assert.True(pidFile.Matches(["/usr/bin/prometheus", $"--config.file={_folder}/prometheus.yml"]));
        Assert.False(pidFile.Matches(["/usr/bin/prometheus", "--config.file=/etc/prometheus/prometheus.yml"]));
        Assert.False(pidFile.Matches(["/usr/bin/vim", $"{_folder}/prometheus.yml"]));
        Assert.False(pidFile.Matches(null));
    }

    [Fact]
    public void Matches_SupawatchAsBinaryOrThroughDotnet_IsTheSameSupawatch()
    {
        var pidFile = new PidFile(Path.Combine(_folder, "supawatch.pid"), "supawatch", _folder);

        Assert.True(pidFile.Matches(["/opt/supawatch/supawatch", "serve", "--data-dir", $"{_folder}/data"]));
        Assert.True(pidFile.Matches(["/usr/share/dotnet/dotnet", "/src/bin/supawatch.dll", "serve", "--data-dir", $"{_folder}/data"]));
        Assert.False(pidFile.Matches(["/usr/share/dotnet/dotnet", "/src/bin/other.dll", "--data-dir", $"{_folder}/data"]));
        Assert.False(pidFile.Matches(["/usr/bin/vim", $"{_folder}/supawatch.dll"]));
    }
}
