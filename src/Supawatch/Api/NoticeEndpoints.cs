using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Supawatch.Notices;
using Supawatch.Status;

namespace Supawatch.Api;

/// <summary>
/// The operator API for maintenance windows and incident reports, on the metrics listener behind its credentials
/// (docs/status-api.md). A refused request answers 4xx with <c>{"error": "…"}</c> naming what to fix.
/// </summary>
public static class NoticeEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapNoticesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/maintenance", (NoticeBoard board, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            return Results.Json(board.Current.Windows.Select(w => MaintenanceView.From(w, now)).ToList(), ApiJson.MaintenanceList);
        });
        app.MapPost("/api/v1/maintenance", async (HttpContext context, NoticeBoard board, TimeProvider time) =>
        {
            var (request, error) = await ReadAsync(context, ApiJson.MaintenanceRequest);
            if (request is null)
            {
                return error!;
            }

            var result = board.Schedule(request);
            return result.Value is { } window
                ? Results.Json(MaintenanceView.From(window, time.GetUtcNow()), ApiJson.Maintenance, statusCode: result.StatusCode)
                : Refused(result.StatusCode, result.Error!);
        });
        app.MapDelete("/api/v1/maintenance/{id:long}", (long id, NoticeBoard board, TimeProvider time) =>
        {
            var result = board.Remove(id);
            return result.Value is { } window
                ? Results.Json(MaintenanceView.From(window, time.GetUtcNow()), ApiJson.Maintenance)
                : Refused(result.StatusCode, result.Error!);
        });

        app.MapGet("/api/v1/incidents", (NoticeBoard board) => Results.Json(StatusNotices.Reports(board.Current).ToList(), ApiJson.IncidentList));
        app.MapPost("/api/v1/incidents", async (HttpContext context, NoticeBoard board) =>
        {
            var (request, error) = await ReadAsync(context, ApiJson.IncidentRequest);
            return request is null ? error! : Answer(board.Open(request), board);
        });
        app.MapPost("/api/v1/incidents/{id:long}/updates", async (long id, HttpContext context, NoticeBoard board) =>
        {
            var (request, error) = await ReadAsync(context, ApiJson.IncidentRequest);
            return request is null ? error! : Answer(board.Post(id, request), board);
        });
        return app;
    }

    private static IResult Answer(NoticeResult<IncidentReport> result, NoticeBoard board) =>
        result.Value is { } report
            ? Results.Json(StatusNotices.Reports(board.Current).First(r => r.Id == report.Id), ApiJson.Incident, statusCode: result.StatusCode)
            : Refused(result.StatusCode, result.Error!);

    private static IResult Refused(int statusCode, string error) =>
        Results.Json(new ApiError(error), ApiJson.Error, statusCode: statusCode);

    private static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, Refused(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes / 1024} KB"));
        }

        if (!context.Request.HasJsonContentType())
        {
            return (null, Refused(StatusCodes.Status415UnsupportedMediaType, "send the body as JSON with Content-Type: application/json"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted);
            return value is null ? (null, Refused(StatusCodes.Status400BadRequest, "the body must be a JSON object")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Refused(StatusCodes.Status400BadRequest, $"the body is not valid JSON for this request: {ex.Message}"));
        }
    }
}
