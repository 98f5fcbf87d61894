using Supawatch.Stack;

namespace Supawatch.Tests.Stack;

/// <summary>What setup records of the variables it was given, and how a re-run and the native Supawatch use the record.</summary>
public sealed class RecordedVariablesTests
{
    private static readonly Dictionary<string, string> Recorded = new()
    {
        ["DOCKER_HOST"] = "unix:///srv/podman.sock",
        ["HEALTH_CHECK_INTERVAL"] = "2",
        ["MASTER_DB_URL"] = "postgresql://u:old-secret@db:5432/m",
    };

    [Fact]
    public void Merge_VariableNotSetNow_KeepsTheRecordedValue()
    {
        var changes = new List<string>();

        var merged = RecordedVariables.Merge(Recorded, new Dictionary<string, string> { ["PATH"] = "/usr/bin" }, changes);

        Assert.Equal(Recorded, merged);
        Assert.Empty(changes);
    }

    [Fact]
    public void Merge_VariableGivenNow_WinsAndIsReported()
    {
        var changes = new List<string>();

        var merged = RecordedVariables.Merge(Recorded, new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///run/docker.sock", ["DISCOVERY_INTERVAL"] = "10" }, changes);

        Assert.Equal("unix:///run/docker.sock", merged["DOCKER_HOST"]);
        Assert.Equal("10", merged["DISCOVERY_INTERVAL"]);
        Assert.Equal("2", merged["HEALTH_CHECK_INTERVAL"]);
        Assert.Contains("DOCKER_HOST: unix:///srv/podman.sock -> unix:///run/docker.sock", changes);
        Assert.Contains("DISCOVERY_INTERVAL: set to 10", changes);
    }

    [Fact]
    public void Merge_EmptyValue_RemovesTheRecordedVariable()
    {
        var changes = new List<string>();

        var merged = RecordedVariables.Merge(Recorded, new Dictionary<string, string> { ["HEALTH_CHECK_INTERVAL"] = "" }, changes);

        Assert.False(merged.ContainsKey("HEALTH_CHECK_INTERVAL"));
        Assert.Equal(["HEALTH_CHECK_INTERVAL: removed (set empty)"], changes);
    }

    [Fact]
    public void Merge_SecretChanged_IsReportedWithoutEitherValue()
    {
        var changes = new List<string>();

        var merged = RecordedVariables.Merge(Recorded, new Dictionary<string, string> { ["MASTER_DB_URL"] = "postgresql://u:new-secret@db:5432/m" }, changes);

        Assert.Equal("postgresql://u:new-secret@db:5432/m", merged["MASTER_DB_URL"]);
        var line = Assert.Single(changes);
        Assert.Equal("MASTER_DB_URL: changed (secret, not shown)", line);
    }

    [Fact]
    public void Merge_RelativeAuthFile_IsRecordedAbsolute()
    {
        var merged = RecordedVariables.Merge(new Dictionary<string, string>(), new Dictionary<string, string> { ["SUPAWATCH_AUTH_TOKEN_FILE"] = "token" }, []);

        Assert.Equal(Path.GetFullPath("token"), merged["SUPAWATCH_AUTH_TOKEN_FILE"]);
    }

    [Fact]
    public void PublicAndSecretNames_SplitTheRecord()
    {
        Assert.Equal(["DOCKER_HOST", "HEALTH_CHECK_INTERVAL"], RecordedVariables.Public(Recorded).Keys);
        Assert.Equal(["MASTER_DB_URL"], RecordedVariables.SecretNames(Recorded));
    }

    [Fact]
    public void Plan_NativeSupawatch_ClearsEverySeedVariableAndRunsWithTheRecord_ItsListenersWinning()
    {
        var layout = new StackLayout("/srv/monitoring");
        var settings = new StackSettings(StackRuntime.Native, StackPorts.From(new StackOptions()), Variables: new());
        var record = new Dictionary<string, string>(Recorded) { ["SUPAWATCH_METRICS_LISTEN"] = "0.0.0.0:1", ["SUPAWATCH_DATA_DIR"] = "/elsewhere" };

        var supawatch = NativeComponents.Plan(layout, settings, ["supawatch"], record).Single(c => c.Name == StackComponents.Supawatch);

        Assert.Equal(RecordedVariables.Names, supawatch.Scrubbed);
        Assert.Contains("DOCKER_HOST", supawatch.Scrubbed!);
        Assert.Equal("unix:///srv/podman.sock", supawatch.Environment["DOCKER_HOST"]);
        Assert.Equal("postgresql://u:old-secret@db:5432/m", supawatch.Environment["MASTER_DB_URL"]);
        Assert.Equal("127.0.0.1:9200", supawatch.Environment["SUPAWATCH_METRICS_LISTEN"]);
        Assert.False(supawatch.Environment.ContainsKey("SUPAWATCH_DATA_DIR"), "the folder's data/ is passed as --data-dir");
    }

    [Fact]
    public void EnvFile_QuotesValuesSoComposeTakesThemLiterally()
    {
        var text = RecordedVariables.EnvFile(new Dictionary<string, string> { ["A"] = "x#y $HOME", ["B"] = "it's" });

        Assert.Contains("A='x#y $HOME'\n", text, StringComparison.Ordinal);
        Assert.Contains("B=\"it's\"\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_LogVariables_ReachTheComposeContainerThroughItsEnvFile()
    {
        // Issue 26: JSON logs and the level by one variable each, under compose too.
        using var folder = new StackTestFolder();
        var variables = new Dictionary<string, string> { ["SUPAWATCH_LOG_FORMAT"] = "json", ["SUPAWATCH_LOG_LEVEL"] = "Warning" };

        Assert.True((await folder.SetupAsync(StackTestFolder.Input(StackRuntime.Docker) with { Variables = variables })).Ok);

        var envFile = folder.Read(ComposeConfig.SupawatchEnvFile);
        Assert.Contains("SUPAWATCH_LOG_FORMAT='json'\n", envFile, StringComparison.Ordinal);
        Assert.Contains("SUPAWATCH_LOG_LEVEL='Warning'\n", envFile, StringComparison.Ordinal);
        var supawatch = StackYaml.Map(StackYaml.Map(StackYaml.Parse(folder.Read("docker-compose.monitoring.yml")), "services"), StackComponents.Supawatch);
        Assert.Equal([ComposeConfig.SupawatchEnvFile], StackYaml.List(supawatch, "env_file").Cast<string>());
    }

    [Fact]
    public void Plan_StackJsonFromBeforeTheRecord_SupawatchKeepsTheShellsVariables()
    {
        var settings = new StackSettings(StackRuntime.Native, StackPorts.From(new StackOptions()));

        var supawatch = NativeComponents.Plan(new StackLayout("/srv/monitoring"), settings, ["supawatch"]).Single(c => c.Name == StackComponents.Supawatch);

        Assert.Empty(supawatch.Scrubbed!);
    }
}
