using Supawatch.Configuration;
using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Tests.Health;

public sealed class HealthLogFileTests
{
    [Fact]
    public void Resolve_LogDirSet_UsesIt()
    {
        Assert.Equal("/srv/logs/supabase-health.log", HealthLogFile.Resolve(new StorageOptions { LogDir = "/srv/logs", DataDir = "/data" }));
    }

    [Fact]
    public void Resolve_LogDirUnset_IsVarLogOrDataLogs()
    {
        var path = HealthLogFile.Resolve(new StorageOptions { DataDir = "/data" });

        Assert.True(path is "/var/log/supabase-health.log" or "/data/logs/supabase-health.log", path);
    }

    [Fact]
    public void Format_CauseWithQuotesAndNewline_StaysOneEscapedLine()
    {
        var change = new StatusChange("1_app_2", HealthStatus.Up, HealthStatus.Down, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), "kong: \"x\"\nforged line");

        var line = HealthLogFile.Format(change);

        Assert.Equal("2026-01-02T03:04:05Z instance=1_app_2 up -> down cause=\"kong: \\\"x\\\"?forged line\"", line);
    }
}
