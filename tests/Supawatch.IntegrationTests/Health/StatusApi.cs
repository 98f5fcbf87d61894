using System.Net.Http.Json;
using System.Text.Json;

namespace Supawatch.IntegrationTests.Health;

/// <summary>Reads <c>/status/api/status.json</c> from a running Supawatch.</summary>
public static class StatusApi
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<JsonElement> GetAsync(string statusUrl) =>
        await Http.GetFromJsonAsync<JsonElement>(statusUrl + "/status/api/status.json");

    public static IEnumerable<JsonElement> Instances(JsonElement document) =>
        document.GetProperty("organizations").EnumerateArray().SelectMany(o => o.GetProperty("instances").EnumerateArray());

    public static JsonElement? Instance(JsonElement document, string instanceId) =>
        Instances(document).Where(i => i.GetProperty("instance_id").GetString() == instanceId).Cast<JsonElement?>().FirstOrDefault();

    public static string? StatusOf(JsonElement document, string instanceId) =>
        Instance(document, instanceId)?.GetProperty("status").GetString();

    public static IEnumerable<JsonElement> Incidents(JsonElement document, string kind, string instanceId) =>
        document.GetProperty("incidents").GetProperty(kind).EnumerateArray().Where(i => i.GetProperty("instance_id").GetString() == instanceId);

    /// <summary>The repository root (where Supawatch.slnx is), for build outputs and artifacts.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Supawatch.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Supawatch.slnx not found above " + AppContext.BaseDirectory);
    }
}
