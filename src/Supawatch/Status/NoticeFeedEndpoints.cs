using Supawatch.Notices;

namespace Supawatch.Status;

/// <summary><c>/status/org/{org_id}/feed.atom</c>: the organization's incidents and maintenance as a prepared Atom feed.</summary>
public static class NoticeFeedEndpoints
{
    public static IEndpointRouteBuilder MapNoticeFeeds(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var hideIds = (services.GetService<StatusPageOptions>() ?? StatusPageOptions.Load(services.GetRequiredService<IConfiguration>(), [])).HideIds;
        app.MapGet("/status/org/{orgId}/feed.atom", (HttpContext context, string orgId, NoticeFeeds feeds) =>
        {
            var response = context.Response;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.ContentSecurityPolicy = "default-src 'none'";
            response.Headers.CacheControl = "public, max-age=60";
            return feeds.For(orgId, hideIds) is { } body
                ? Results.Bytes(body, NoticeFeed.ContentType)
                : Results.Text("organization not found\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        });
        return app;
    }
}
