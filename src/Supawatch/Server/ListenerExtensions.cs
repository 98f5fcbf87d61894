using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Supawatch.Validation;

namespace Supawatch.Server;

/// <summary>
/// Binds the metrics/API listener and the public status listener, and keeps each to its own paths:
/// the status port never serves <c>/metrics</c> or the API (which carry internal addresses), and the
/// metrics port never serves the page.
/// </summary>
public static class ListenerExtensions
{
    private const string ListenerKey = "supawatch.listener";

    public static WebApplicationBuilder AddListeners(this WebApplicationBuilder builder, ServerOptions options)
    {
        // Registered after Kestrel's own factory, so the transport resolves this one.
        builder.Services.AddSingleton<LargeBlockMemoryPoolFactory>();
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(services => services.GetRequiredService<LargeBlockMemoryPoolFactory>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Bind(kestrel, options.MetricsListen, Listener.Metrics);
            Bind(kestrel, options.StatusListen, Listener.Status);
        });
        return builder;
    }

    public static WebApplication UseListenerPaths(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
            var listener = items?.TryGetValue(ListenerKey, out var value) == true ? (Listener)value! : Listener.Metrics;
            var isStatusPath = context.Request.Path.StartsWithSegments("/status") || context.Request.Path == "/";
            if ((listener == Listener.Status) != isStatusPath)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
        return app;
    }

    private static void Bind(KestrelServerOptions kestrel, string address, Listener listener)
    {
        if (!ConfigurationValidator.TryParseListen(address, out var host, out var port))
        {
            throw new InvalidOperationException($"{listener} listen address '{address}' is not address:port");
        }

        void Configure(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen) =>
            listen.Use(next => connection =>
            {
                connection.Items[ListenerKey] = listener;
                return next(connection);
            });

        if (host == "localhost")
        {
            kestrel.ListenLocalhost(port, Configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(host), port, Configure);
        }
    }
}
