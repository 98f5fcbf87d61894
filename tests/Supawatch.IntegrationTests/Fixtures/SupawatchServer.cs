using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Supawatch.Cli;
using Supawatch.Configuration;
using Supawatch.Validation;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// The real <c>supawatch serve</c> host, in-process, on free loopback ports and a temp data folder.
/// Configured through the seed's environment variables, as an operator would.
/// </summary>
public sealed class SupawatchServer : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly WebApplication _app;

    private readonly bool _ownsDataDir;

    private SupawatchServer(WebApplication app, string dataDir, int metricsPort, int statusPort, bool ownsDataDir)
    {
        _app = app;
        _ownsDataDir = ownsDataDir;
        DataDir = dataDir;
        MetricsUrl = $"http://127.0.0.1:{metricsPort}";
        StatusUrl = $"http://127.0.0.1:{statusPort}";
    }

    public string DataDir { get; }

    /// <summary>The running host's services.</summary>
    public IServiceProvider Services => _app.Services;
    public string MetricsUrl { get; }
    public string StatusUrl { get; }
    public string InstancesFile => Path.Combine(DataDir, "instances.json");

    /// <param name="environment">
    /// Seed variables (DOCKER_HOST, MASTER_DB_URL, …); listeners and data dir are filled in. A SUPAWATCH_DATA_DIR given
    /// here is the caller's (a restart test reuses it) and is left in place on dispose.
    /// </param>
    public static async Task<SupawatchServer> StartAsync(IDictionary<string, string> environment)
    {
        var ownsDataDir = !environment.ContainsKey("SUPAWATCH_DATA_DIR");
        var dataDir = ownsDataDir ? TempDirectory.Create("supawatch-data-") : environment["SUPAWATCH_DATA_DIR"];
        var metricsPort = FreePort.Next();
        var statusPort = FreePort.Next();
        var variables = new Dictionary<string, string>
        {
            ["SUPAWATCH_DATA_DIR"] = dataDir,
            ["SUPAWATCH_METRICS_LISTEN"] = $"127.0.0.1:{metricsPort}",
            ["SUPAWATCH_STATUS_LISTEN"] = $"127.0.0.1:{statusPort}",
        };
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }
        // Keep the health log out of /var/log (its default when writable) unless a test chose a folder.
        variables.TryAdd("SUPAWATCH_LOG_DIR", Path.Combine(variables["SUPAWATCH_DATA_DIR"], "logs"));

        var configuration = SupawatchConfiguration.Build(null, variables);
        var errors = ConfigurationValidator.Validate(configuration);
        Assert.True(errors.Count == 0, string.Join("; ", errors));

        var app = ServeCommand.Build(configuration);
        await app.StartAsync();
        return new SupawatchServer(app, variables["SUPAWATCH_DATA_DIR"], metricsPort, statusPort, ownsDataDir);
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => Http.GetAsync(MetricsUrl + pathAndQuery);

    /// <summary>
    /// The first <c>/metrics</c> exposition that satisfies <paramref name="condition"/>: scrapes see a render
    /// prepared after each change, so a new value shows a moment after the change itself.
    /// </summary>
    public async Task<string> MetricsWhenAsync(Func<string, bool> condition, string what)
    {
        var text = "";
        await Wait.UntilAsync(async () => condition(text = await Http.GetStringAsync(MetricsUrl + "/metrics")), TimeSpan.FromSeconds(10), what);
        return text;
    }

    public async Task<JsonElement> InstancesAsync() =>
        await Http.GetFromJsonAsync<JsonElement>(MetricsUrl + "/api/v1/instances");

    public async Task<JsonElement> SdAsync(string query = "") =>
        await Http.GetFromJsonAsync<JsonElement>(MetricsUrl + "/sd" + query);

    /// <summary>The instance ids currently on <c>/sd</c>.</summary>
    public async Task<HashSet<string>> SdInstanceIdsAsync(string query = "") =>
        (await SdAsync(query)).EnumerateArray()
            .Select(g => g.GetProperty("labels").GetProperty("instance_id").GetString()!)
            .ToHashSet(StringComparer.Ordinal);

    public async Task<JsonElement> SourceAsync(string name) =>
        (await InstancesAsync()).GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        if (!_ownsDataDir)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
