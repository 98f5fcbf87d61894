using System.Globalization;
using Microsoft.Extensions.Primitives;
using Supawatch.Api;
using Supawatch.Security;

namespace Supawatch.Status;

/// <summary>
/// The status listener: the fleet overview (<c>/status</c>, <c>/status/api/overview.json</c>,
/// <c>/status/api/status.json</c>; public, operator-only or off by <c>SUPAWATCH_STATUS_OVERVIEW</c>), each
/// organization's page (<c>/status/org/{org_id}</c> and <c>.json</c>) and badges
/// (<c>/status/badge/{org|instance}/{id}/{kind}.svg</c>). Pages carry a strict Content-Security-Policy; badges and
/// JSON one that lets nothing load or run. Reference: docs/status-api.md.
/// </summary>
public static class StatusEndpoints
{
    private const string Json = "application/json; charset=utf-8";

    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var options = services.GetService<StatusPageOptions>() ?? StatusPageOptions.Load(services.GetRequiredService<IConfiguration>(), []);
        var credentials = services.GetService<AuthCredentials>() ?? AuthCredentials.None;
        var cache = ActivatorUtilities.CreateInstance<StatusDocumentCache>(services, options);

        app.MapGet("/", () => Results.Redirect("/status"));
        app.MapGet("/status", (HttpContext context) =>
        {
            var language = Language(context);
            if (Gate(context, options, credentials, language) is { } denied)
            {
                return denied;
            }

            var filter = StatusFilter.From(context.Request.Query["q"].FirstOrDefault(), context.Request.Query["show"].FirstOrDefault());
            return Html(context, cache.Overview(language, filter, hideIds: HidesIdsOnOverview(options)), language, found: true);
        });
        app.MapGet("/status/api/status.json", async (HttpContext context) =>
        {
            if (Gate(context, options, credentials, language: null) is { } denied)
            {
                await denied.ExecuteAsync(context);
                return;
            }

            Secure(context.Response, StatusStyle.NothingPolicy);
            await context.WriteGzippedAsync(HidesIdsOnOverview(options) ? cache.RedactedJson : cache.Current.Json, Json);
        });
        app.MapGet("/status/api/overview.json", (HttpContext context) =>
            Gate(context, options, credentials, language: null) ?? Prepared(context, cache.OverviewJson, Json, cache));
        app.MapGet("/status/org/{orgId}", (HttpContext context, string orgId) =>
        {
            var language = Language(context);
            var (html, found) = cache.Organization(language, orgId);
            return Html(context, html, language, found);
        });
        app.MapGet("/status/org/{orgId}.json", (HttpContext context, string orgId) =>
            cache.OrganizationJson(orgId) is { } json ? Prepared(context, json, Json, cache) : NotFound(context));
        app.MapGet("/status/badge/{scope}/{id}/{kind}.svg", (HttpContext context, string scope, string id, string kind) =>
        {
            var language = StatusLanguage.Choose(context.Request.Query["lang"].FirstOrDefault(), null);
            return cache.Badge(scope, id, kind, language) is { } badge
                ? Prepared(context, badge, "image/svg+xml; charset=utf-8", cache)
                : NotFound(context);
        });
        return app;
    }

    /// <summary>The public overview hides ids when told to; the operator-only one is for the operator and shows them.</summary>
    private static bool HidesIdsOnOverview(StatusPageOptions options) => options.HideIds && options.Overview == StatusPageOptions.Public;

    /// <summary>Null when the overview may be shown to this request; else the response that says why not.</summary>
    private static IResult? Gate(HttpContext context, StatusPageOptions options, AuthCredentials credentials, string? language)
    {
        switch (options.Overview)
        {
            case StatusPageOptions.Off:
                if (language is null)
                {
                    return NotFound(context);
                }

                Secure(context.Response, StatusStyle.ContentSecurityPolicy);
                return Results.Content(StatusPageRenderer.RenderUnavailable(StatusText.For(language)), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
            case StatusPageOptions.Operator when !credentials.IsAuthorized(context.Request.Headers.Authorization):
                context.Response.Headers.WWWAuthenticate = credentials.Challenge;
                context.Response.Headers.CacheControl = "no-store";
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            case StatusPageOptions.Operator:
                // Behind credentials: no shared cache may keep it.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.CacheControl = "private, no-store";
                    return Task.CompletedTask;
                });
                return null;
            default:
                return null;
        }
    }

    private static string Language(HttpContext context) =>
        StatusLanguage.Choose(context.Request.Query["lang"].FirstOrDefault(), context.Request.Headers.AcceptLanguage.ToString());

    private static IResult Html(HttpContext context, string html, string language, bool found)
    {
        var response = context.Response;
        Secure(response, StatusStyle.ContentSecurityPolicy);
        response.Headers.ContentLanguage = language;
        response.Headers.Vary = "Accept-Language";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: found ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
    }

    /// <summary>A prepared body with its ETag: 304 when the client has it, cacheable for one health round.</summary>
    private static IResult Prepared(HttpContext context, PreparedResponse prepared, string contentType, StatusDocumentCache cache)
    {
        var response = context.Response;
        Secure(response, StatusStyle.NothingPolicy);
        var seconds = (int)Math.Clamp(cache.Current.Document.IntervalSeconds, 10, 300);
        response.Headers.CacheControl = "public, max-age=" + seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.ETag = prepared.ETag;
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        if (Matches(context.Request.Headers.IfNoneMatch, prepared.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(prepared.Body, contentType);
    }

    private static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var candidate in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate == "*" || candidate == etag || candidate == "W/" + etag)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IResult NotFound(HttpContext context)
    {
        Secure(context.Response, StatusStyle.NothingPolicy);
        return Results.NotFound();
    }

    private static void Secure(HttpResponse response, string policy)
    {
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
    }
}
