using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Supawatch.Health;
using Supawatch.Security;
using Supawatch.Status;

namespace Supawatch.IntegrationTests.Status;

/// <summary>
/// Supawatch's real status listener (Kestrel on 127.0.0.1, <see cref="StatusEndpoints.MapStatusPage"/>, its cache,
/// settings and operator credentials) in this process, fed a health snapshot the test chose instead of the health
/// loop's: a thousand tenants cannot be started here, and their pages are what is under test.
/// </summary>
public sealed class StatusPageHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StatusPageHost(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public string Url { get; }

    public static async Task<StatusPageHost> StartAsync(HealthSnapshot snapshot, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var errors = new List<string>();
        var credentials = AuthCredentials.Load(builder.Configuration, errors);
        StatusPageOptions.Load(builder.Configuration, errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException("settings: " + string.Join("; ", errors), nameof(settings));
        }

        var health = new HealthStore();
        health.Publish(snapshot);
        builder.Services.AddSingleton(health).AddSingleton<StatusDocumentStore>().AddSingleton(TimeProvider.System).AddSingleton(credentials);
        var app = builder.Build();
        app.MapStatusPage();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new StatusPageHost(app, address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
