using Supawatch.Api;

namespace Supawatch.Status;

/// <summary>
/// The public status page on the status listener: <c>/status</c>, <c>/status/org/{org_id}</c> and
/// <c>/status/api/status.json</c>. Every response carries a strict Content-Security-Policy.
/// </summary>
public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        var cache = ActivatorUtilities.CreateInstance<StatusDocumentCache>(app.ServiceProvider);

        app.MapGet("/", () => Results.Redirect("/status"));
        app.MapGet("/status", (HttpContext context) => Page(context, cache, orgId: null));
        app.MapGet("/status/org/{orgId}", (HttpContext context, string orgId) => Page(context, cache, orgId));
        app.MapGet("/status/api/status.json", async (HttpContext context) =>
        {
            Secure(context.Response);
            var (_, json, gzip) = cache.Current;
            await context.WritePreparedAsync(json, () => gzip.Value, "application/json; charset=utf-8");
        });
        return app;
    }

    private static IResult Page(HttpContext context, StatusDocumentCache cache, string? orgId)
    {
        var language = StatusLanguage.Choose(context.Request.Query["lang"].FirstOrDefault(), context.Request.Headers.AcceptLanguage.ToString());
        var (html, found) = cache.Page(language, orgId);
        var response = context.Response;
        Secure(response);
        response.Headers.ContentLanguage = language;
        response.Headers.Vary = "Accept-Language";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: found ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = StatusStyle.ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
    }
}
