using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>
/// One native stack a test sets up through the real <c>supawatch stack</c> verbs in a folder of its own: the Debian
/// binaries it needs are required (a failure under CI), and <see cref="StopAndRemoveAsync"/> (the test's DisposeAsync) stops every process it started and removes
/// the folder. Shared by the native-stack classes (NativeStackTests, NativeSupervisionTests, StackRecordTests).
/// </summary>
public sealed class NativeStackRun(string name)
{
    private readonly string _root = TempDirectory.Create(name);
    private StackCli? _cli;

    /// <summary>The test's own folder (the stack is its <c>monitoring/</c>); removed by <see cref="StopAndRemoveAsync"/>.</summary>
    public string Root => _root;

    /// <summary>Fails (under CI) or skips when a component's binary is missing.</summary>
    public static void RequireTools()
    {
        RequiredTool.Find("prometheus", "prometheus");
        RequiredTool.Find("prometheus-alertmanager", "prometheus-alertmanager");
        RequiredTool.Find("prometheus-node-exporter", "prometheus-node-exporter");
    }

    /// <summary>The stack's CLI with these variables in its environment; <see cref="StopAndRemoveAsync"/> stops what it started.</summary>
    public StackCli Cli(IReadOnlyDictionary<string, string> environment) => _cli = new StackCli(_root, environment);

    /// <summary>Stops every process the stack started (<c>stack stop</c>) and removes the folder.</summary>
    public async Task StopAndRemoveAsync()
    {
        if (_cli is not null)
        {
            await _cli.RunAsync("stop");
        }

        await TempDirectory.DeleteAsync(_root);
    }
}
