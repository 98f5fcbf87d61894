using System.Text.Json.Serialization;

namespace Supawatch.Status;

/// <summary>The status document's types, described at build time (<see cref="StatusJson"/>).</summary>
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(StatusOverviewDocument))]
[JsonSerializable(typeof(StatusOrganizationDocument))]
public sealed partial class StatusJsonContext : JsonSerializerContext;
