using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Cli;

/// <summary>
/// The seed's wrapper scripts run exactly as a user types them, in a fresh clone: with no <c>supawatch</c> on PATH
/// (the checkout, through <c>dotnet run</c>), with the installed binary on PATH, with <c>SUPAWATCH_BIN</c>, from the
/// clone's root and from another folder. The walk of every documented command is in DocumentedCommandsWalk.cs.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed partial class FreshCloneCommandsTests(DockerEngineFixture engine, FreshClone clone, ITestOutputHelper output) : IClassFixture<FreshClone>
{
    [Fact]
    public async Task UpdateMonitoring_NoSupawatchOnPath_RunsTheCheckoutAndWritesDataWhereTheUserStands()
    {
        var kong = await engine.RunHttpdAsync("wrap_app_1_kong");
        try
        {
            var elsewhere = clone.NewFolder("elsewhere");
            var precondition = await clone.ShellAsync(elsewhere, "type -P supawatch", Fleet());
            Assert.NotEqual(0, precondition.ExitCode);

            var fromOutside = await clone.ShellAsync(elsewhere, $"bash {clone.Repo}/scripts/update_monitoring.sh", Fleet());
            var fromCheckout = await clone.ShellAsync(clone.Repo, "scripts/update_monitoring.sh", Fleet());

            Assert.True(fromOutside.ExitCode == 0, fromOutside.Describe());
            Assert.DoesNotContain("command not found", fromOutside.StandardError, StringComparison.Ordinal);
            Assert.StartsWith("INSTANCE", fromOutside.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("wrap_app_1", fromOutside.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{kong.HostPort}", await File.ReadAllTextAsync(Path.Combine(elsewhere, "data", "instances.json")));
            Assert.True(fromCheckout.ExitCode == 0, fromCheckout.Describe());
            Assert.True(File.Exists(Path.Combine(clone.Repo, "data", "instances.json")), fromCheckout.Describe());
            // dotnet run used the caller's folder: nothing landed in the project folder, the clone stays clean.
            Assert.False(Directory.Exists(Path.Combine(clone.Repo, "src", "Supawatch", "data")));
            var status = await ProcessRunner.RunAsync("git", ["-C", clone.Repo, "status", "--porcelain"]);
            Assert.Equal("", status.StandardOutput.Trim());
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    [Fact]
    public async Task HealthMonitor_InstalledBinaryOnPath_RunsItFromAnotherFolderWithHealthsExitCode()
    {
        var kong = await engine.RunHttpdAsync("wrap_app_2_kong");
        try
        {
            var elsewhere = clone.NewFolder("cron");

            var result = await clone.ShellAsync(elsewhere, $"{clone.Repo}/scripts/health_monitor.sh", Fleet(), installed: true);

            Assert.DoesNotContain("command not found", result.StandardError, StringComparison.Ordinal);
            Assert.StartsWith("INSTANCE", result.StandardOutput, StringComparison.Ordinal);
            Assert.Matches(@"wrap_app_2 +- +- +up", result.StandardOutput);
            // health's contract: 1 exactly when something is down (the shared engine may hold another test's tenant).
            var anyDown = result.StandardOutput.Split('\n').Skip(1).Any(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\S+ +\S+ +\S+ +down "));
            Assert.True(result.ExitCode == (anyDown ? 1 : 0), result.Describe());
            Assert.True(File.Exists(Path.Combine(elsewhere, "data", "status.json")), result.Describe());
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    [Fact]
    public async Task UpdateMonitoring_StackFolderHere_WritesTheInstancesJsonTheStacksPrometheusReads()
    {
        var kong = await engine.RunHttpdAsync("wrap_app_3_kong");
        try
        {
            var operatorFolder = clone.NewFolder("ops");
            var bin = new Dictionary<string, string>(Fleet()) { ["SUPAWATCH_BIN"] = clone.Binary };
            var ports = FreePortFlags();

            var setup = await clone.ShellAsync(operatorFolder, $"bash {clone.Repo}/scripts/setup_monitoring.sh --setup --runtime native {ports}", bin);
            var update = await clone.ShellAsync(operatorFolder, $"bash {clone.Repo}/scripts/update_monitoring.sh", bin);

            Assert.True(setup.ExitCode == 0, setup.Describe());
            Assert.True(File.Exists(Path.Combine(operatorFolder, "monitoring", "stack.json")), setup.Describe());
            Assert.True(update.ExitCode == 0, update.Describe());
            var prometheusYml = await File.ReadAllTextAsync(Path.Combine(operatorFolder, "monitoring", "prometheus.yml"));
            Assert.Contains("data/instances.json", prometheusYml, StringComparison.Ordinal);
            var targets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(operatorFolder, "monitoring", "data", "instances.json"))).RootElement;
            Assert.Contains(targets.EnumerateArray(), g => g.GetProperty("targets").EnumerateArray().Any(t => t.GetString() == $"127.0.0.1:{kong.HostPort}"));
            Assert.False(Directory.Exists(Path.Combine(operatorFolder, "data")), "the targets went to ./data, not to the stack folder");
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    [Fact]
    public async Task Build_DevelopmentFilesInTheProjectFolder_RunsInTheCallersFolderAndPublishesNone()
    {
        // What an older `dotnet run` left behind in src/Supawatch/: the Web SDK made such JSON content to publish.
        var project = Path.Combine(clone.Repo, "src", "Supawatch");
        var leftovers = new[] { Path.Combine(project, "data", "instances.json"), Path.Combine(project, "monitoring", "stack.json") };
        try
        {
            foreach (var file in leftovers)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, "{}");
            }

            var evaluation = await ProcessRunner.RunAsync("dotnet", ["msbuild", project, "-getItem:Content", "-getProperty:RunWorkingDirectory"]);

            var json = JsonDocument.Parse(evaluation.StandardOutput).RootElement;
            Assert.Equal("", json.GetProperty("Properties").GetProperty("RunWorkingDirectory").GetString());
            Assert.Empty(json.GetProperty("Items").GetProperty("Content").EnumerateArray());
        }
        finally
        {
            Directory.Delete(Path.Combine(project, "data"), recursive: true);
            Directory.Delete(Path.Combine(project, "monitoring"), recursive: true);
        }
    }

    private Dictionary<string, string> Fleet() => new()
    {
        ["DOCKER_HOST"] = engine.DockerHost,
        ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
        ["SUPAWATCH_LOG_DIR"] = clone.Root,
    };

    /// <summary>One <c>--COMPONENT-port</c> flag per stack port, each a free one: no test takes 9090, 9093, 8080….</summary>
    private static string FreePortFlags() => string.Join(' ', StackPortFlags.Select(c => $"--{c}-port {FreePort.Next()}"));

    private static readonly string[] StackPortFlags = ["prometheus", "alertmanager", "grafana", "node-exporter", "supawatch", "status"];
}
