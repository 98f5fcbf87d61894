using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Api;

/// <summary>The operator API on the metrics listener: http_sd targets, the inventory, liveness and readiness.</summary>
public static class DiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapDiscoveryApi(this IEndpointRouteBuilder app)
    {
        var sdAnswers = ActivatorUtilities.CreateInstance<ScrapeTargetsCache>(app.ServiceProvider);
        app.MapGet("/sd", async (HttpContext context, string? component) =>
        {
            if (component is not null && !ContainerNameParser.IsValidId(component))
            {
                await Results.Json(new ApiError("component must be 1-128 characters of [A-Za-z0-9_.-], e.g. ?component=kong"), ApiJson.Error, statusCode: StatusCodes.Status400BadRequest)
                    .ExecuteAsync(context);
                return;
            }

            await context.WriteGzippedAsync(sdAnswers.Get(component), "application/json");
        });

        var databases = app.ServiceProvider.GetService<Metrics.TenantDbCollector>();
        app.MapGet("/api/v1/instances", (InventoryStore store, TargetsService targets) =>
            Results.Json(InstancesResponse.From(store.Current, targets.Status, databases?.Current), ApiJson.Instances));

        app.MapGet("/healthz", () => Results.Text("ok\n"));

        var silences = app.ServiceProvider.GetService<Notices.SilenceSync>();
        app.MapGet("/readyz", (InventoryStore store) =>
        {
            var snapshot = store.Current;
            if (snapshot.Sources.Any(s => s.Name == DiscoveryHealth.Docker && s.LastSuccess is not null))
            {
                // A detail, not a failure: the windows still apply to the page while their silences are retried.
                return Results.Text(silences?.State is { InSync: false } failing
                    ? $"ready\nmaintenance silences: not in sync since {failing.FailingSince:O} ({failing.Failures} failures; retrying): {failing.Error}\n"
                    : "ready\n");
            }

            var docker = snapshot.Sources.FirstOrDefault(s => s.Name == DiscoveryHealth.Docker);
            return Results.Text($"not ready: {docker?.LastError ?? "the first Docker discovery has not finished"}\n", statusCode: 503);
        });

        return app;
    }
}
