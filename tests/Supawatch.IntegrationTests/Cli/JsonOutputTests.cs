using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;
using Supawatch.IntegrationTests.Stack;

namespace Supawatch.IntegrationTests.Cli;

/// <summary>
/// The built <c>supawatch</c> with <c>--json</c>, as a script runs it: stdout is one document valid against its schema
/// in docs/schemas/ (JsonSchema.Net, formats enforced), messages stay on stderr, the exit code keeps its meaning.
/// The fleet is a Docker socket that does not exist, so the failed-source fields are filled too.
/// </summary>
public sealed class JsonOutputTests : IAsyncLifetime
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);
    private static readonly TimeSpan Bounded = TimeSpan.FromMinutes(2);
    private readonly string _root = TempDirectory.Create("supawatch-json-");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TempDirectory.DeleteAsync(_root);

    [Fact]
    public async Task Discover_Json_PrintsTheInventoryDocument_ValidAgainstItsSchema()
    {
        var result = await RunAsync("discover", "--json");

        Assert.True(result.ExitCode == 1, result.Describe());
        using var document = Validate("instances", result.StandardOutput);
        var docker = document.RootElement.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "docker");
        Assert.False(docker.GetProperty("up").GetBoolean());
        Assert.Equal(0, document.RootElement.GetProperty("instance_count").GetInt32());
        Assert.Contains("error: Docker host", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Json_PrintsTheStatusDocument_ValidAgainstItsSchema()
    {
        var result = await RunAsync("health", "--json");

        Assert.True(result.ExitCode == 1, result.Describe());
        using var document = Validate("status", result.StandardOutput);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        Assert.DoesNotContain("wrote ", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StackStatus_Json_NothingStarted_ListsEveryComponentStopped_ValidAgainstItsSchema()
    {
        RequiredTool.Find("prometheus", "prometheus");
        var cli = new StackCli(_root, new Dictionary<string, string> { ["DOCKER_HOST"] = $"unix://{_root}/no-docker.sock" });
        var setup = await cli.SetupAsync("--no-start");
        Assert.True(setup.ExitCode == 0, setup.Describe());

        var result = await cli.RunAsync("status", "--json");

        Assert.True(result.ExitCode == 1, result.Describe());
        using var document = Validate("stack-status", result.StandardOutput);
        Assert.Equal("native", document.RootElement.GetProperty("runtime").GetString());
        Assert.False(document.RootElement.GetProperty("ok").GetBoolean());
        var components = document.RootElement.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("component").GetString()!, c => c.GetProperty("state").GetString());
        Assert.Equal("stopped", components["prometheus"]);
        Assert.Equal("stopped", components["supawatch"]);
    }

    /// <summary>Parses stdout as one JSON document and evaluates it against docs/schemas/NAME.schema.json.</summary>
    private static JsonDocument Validate(string name, string output)
    {
        var document = JsonDocument.Parse(output);
        var schema = Schemas.GetOrAdd(name, n => JsonSchema.FromText(
            File.ReadAllText(Path.Combine(StatusApi.RepositoryRoot(), "docs", "schemas", n + ".schema.json")),
            baseUri: new Uri($"https://supawatch.invalid/schemas/{n}.schema.json")));
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(results.IsValid, $"{name}: " + string.Join("; ", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        return document;
    }

    private Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.TryRunAsync(StackCli.Executable(), arguments, Bounded, new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = $"unix://{_root}/no-docker.sock",
            ["SUPAWATCH_DATA_DIR"] = Path.Combine(_root, "data"),
            ["SUPAWATCH_LOG_DIR"] = Path.Combine(_root, "logs"),
        });
}
