using Supawatch.Alerting;
using Supawatch.Stack;

namespace Supawatch.Tests.Stack;

/// <summary>A temp monitoring folder and a setup input with ports that match the contract's defaults.</summary>
internal sealed class StackTestFolder : IDisposable
{
    public StackTestFolder() => Layout = new StackLayout(Directory.CreateTempSubdirectory("supawatch-stack-").FullName);

    public StackLayout Layout { get; }

    public static StackSetupInput Input(
        StackRuntime runtime = StackRuntime.Native,
        string? grafanaPassword = null,
        IReadOnlyList<GrafanaAsset>? grafana = null,
        TimeSpan? scrapeInterval = null)
    {
        var options = new StackOptions { GrafanaAdminPassword = grafanaPassword };
        return new StackSetupInput(
            new StackSettings(runtime, StackPorts.From(options)),
            options,
            new AlertingOptions(),
            scrapeInterval ?? TimeSpan.FromSeconds(30),
            grafana ?? []);
    }

    public Task<SetupResult> SetupAsync(StackSetupInput? input = null, bool force = false) =>
        new StackSetup(Layout).RunAsync(input ?? Input(), force, CancellationToken.None);

    public string Read(string relative) => File.ReadAllText(Path.Combine(Layout.Root, relative));

    public void Dispose() => Directory.Delete(Layout.Root, recursive: true);
}
