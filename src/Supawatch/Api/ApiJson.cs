using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Supawatch.Instances;

namespace Supawatch.Api;

/// <summary>Supawatch's JSON conventions (<see cref="SupawatchJson"/>) for the documents the HTTP API serves.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } =
        SupawatchJson.For(ApiJsonContext.Default);

    public static JsonTypeInfo<InstancesResponse> Instances { get; } = Options.TypeInfo<InstancesResponse>();

    public static JsonTypeInfo<ApiError> Error { get; } = Options.TypeInfo<ApiError>();

    public static JsonTypeInfo<Notices.MaintenanceRequest> MaintenanceRequest { get; } = Options.TypeInfo<Notices.MaintenanceRequest>();

    public static JsonTypeInfo<MaintenanceView> Maintenance { get; } = Options.TypeInfo<MaintenanceView>();

    public static JsonTypeInfo<List<MaintenanceView>> MaintenanceList { get; } = Options.TypeInfo<List<MaintenanceView>>();

    public static JsonTypeInfo<Notices.IncidentRequest> IncidentRequest { get; } = Options.TypeInfo<Notices.IncidentRequest>();

    public static JsonTypeInfo<Status.StatusIncidentReport> Incident { get; } = Options.TypeInfo<Status.StatusIncidentReport>();

    public static JsonTypeInfo<List<Status.StatusIncidentReport>> IncidentList { get; } = Options.TypeInfo<List<Status.StatusIncidentReport>>();
}

/// <summary>The body of a refused API request: <c>{"error": "what to fix"}</c>.</summary>
public sealed record ApiError(string Error);

[JsonSerializable(typeof(InstancesResponse))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(Notices.MaintenanceRequest))]
[JsonSerializable(typeof(MaintenanceView))]
[JsonSerializable(typeof(List<MaintenanceView>))]
[JsonSerializable(typeof(Notices.IncidentRequest))]
[JsonSerializable(typeof(Status.StatusIncidentReport))]
[JsonSerializable(typeof(List<Status.StatusIncidentReport>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
