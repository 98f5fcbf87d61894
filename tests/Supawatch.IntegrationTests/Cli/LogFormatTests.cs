using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Stack;

namespace Supawatch.IntegrationTests.Cli;

/// <summary>
/// The built <c>supawatch serve</c>'s own log under <c>SUPAWATCH_LOG_FORMAT</c> and <c>SUPAWATCH_LOG_LEVEL</c>: a Docker
/// host that cannot be read makes it log discovery's warning 1001, which both formats must carry.
/// </summary>
public sealed class LogFormatTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);
    private static readonly string[] Levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    [Fact]
    public async Task Serve_LogFormatJson_EveryLineParsesAsOneObjectWithTheSameEventIds()
    {
        var lines = await ServeAsync(new() { ["SUPAWATCH_LOG_FORMAT"] = "json" }, "\"EventId\":1001");

        var entries = lines.Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            return document.RootElement.Clone();
        }).ToList();

        Assert.All(entries, e =>
        {
            Assert.True(DateTimeOffset.TryParse(e.GetProperty("Timestamp").GetString(), out _));
            Assert.Equal(JsonValueKind.Number, e.GetProperty("EventId").ValueKind);
            Assert.Contains(e.GetProperty("LogLevel").GetString(), Levels);
            Assert.False(string.IsNullOrEmpty(e.GetProperty("Category").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("Message").GetString()));
        });
        var failed = entries.First(e => e.GetProperty("EventId").GetInt32() == 1001);
        Assert.Equal("Warning", failed.GetProperty("LogLevel").GetString());
        Assert.StartsWith("Supawatch.Discovery", failed.GetProperty("Category").GetString(), StringComparison.Ordinal);
        Assert.Equal("default", failed.GetProperty("State").GetProperty("Host").GetString());
        Assert.Contains(entries, e => e.GetProperty("LogLevel").GetString() == "Information");
    }

    [Fact]
    public async Task Serve_LogLevelWarning_TextKeepsWarningsWithTheirEventIds_AndDropsInformation()
    {
        var lines = await ServeAsync(new() { ["SUPAWATCH_LOG_LEVEL"] = "warning" }, "[1001]");

        Assert.Contains(lines, l => l.StartsWith("warn: Supawatch.Discovery", StringComparison.Ordinal) && l.Contains("[1001]", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("info:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_LogFormatUnknown_RefusesToStart_NamingTheVariable()
    {
        var result = await ProcessRunner.TryRunAsync(StackCli.Executable(), ["serve"], Bounded, new Dictionary<string, string>
        {
            ["SUPAWATCH_LOG_FORMAT"] = "xml",
            ["SUPAWATCH_LOG_LEVEL"] = "loud",
        });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("SUPAWATCH_LOG_FORMAT: 'xml' is neither text nor json", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("SUPAWATCH_LOG_LEVEL: 'loud' is not a level", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Runs serve against a Docker socket that does not exist until its log holds <paramref name="until"/>, then stops it.</summary>
    private static async Task<string[]> ServeAsync(Dictionary<string, string> environment, string until)
    {
        var folder = TempDirectory.Create("supawatch-logs-");
        try
        {
            environment["DOCKER_HOST"] = $"unix://{folder}/no-docker.sock";
            environment["SUPAWATCH_DATA_DIR"] = Path.Combine(folder, "data");
            environment["SUPAWATCH_LOG_DIR"] = Path.Combine(folder, "logs");
            environment["SUPAWATCH_METRICS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}";
            environment["SUPAWATCH_STATUS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}";
            await using (var serve = ServerProcess.Start(StackCli.Executable(), ["serve"], Path.Combine(folder, "serve.log"), environment))
            {
                await Wait.UntilAsync(
                    () => Task.FromResult(serve.HasExited || (File.Exists(serve.LogPath) && File.ReadAllText(serve.LogPath).Contains(until, StringComparison.Ordinal))),
                    Bounded, $"serve to log {until}");
                Assert.False(serve.HasExited, serve.LogTail());
            }

            return File.ReadAllLines(Path.Combine(folder, "serve.log")).Where(l => l.Length > 0).ToArray();
        }
        finally
        {
            await TempDirectory.DeleteAsync(folder);
        }
    }
}
