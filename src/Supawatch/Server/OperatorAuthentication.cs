using Supawatch.Security;

namespace Supawatch.Server;

/// <summary>
/// Requires the configured credentials on the operator endpoints of the metrics listener. Probes
/// (<c>/healthz</c>, <c>/readyz</c>) and the public status page stay open: orchestrators and visitors
/// carry no credentials. Does nothing when no credentials are configured.
/// </summary>
public static class OperatorAuthentication
{
    /// <summary>Adds the check; call after <see cref="ListenerExtensions.UseListenerPaths"/>, which keeps each listener to its paths.</summary>
    public static WebApplication UseOperatorAuthentication(this WebApplication app)
    {
        var credentials = app.Services.GetRequiredService<AuthCredentials>();
        if (!credentials.IsEnabled)
        {
            return app;
        }

        app.Use(async (context, next) =>
        {
            if (IsOpen(context.Request.Path) || credentials.IsAuthorized(context.Request.Headers.Authorization))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = credentials.Challenge;
            context.Response.Headers.CacheControl = "no-store";
        });
        return app;
    }

    private static bool IsOpen(PathString path) =>
        path == "/healthz" || path == "/readyz" || path == "/" || path.StartsWithSegments("/status");
}
