using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supawatch.Notices;

/// <summary>Alertmanager's silence documents, camelCase as its API writes them; described at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AlertmanagerSilence))]
[JsonSerializable(typeof(List<AlertmanagerSilence>))]
[JsonSerializable(typeof(AlertmanagerSilenceCreated))]
internal sealed partial class NoticesJsonContext : JsonSerializerContext;
