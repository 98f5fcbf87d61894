using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Supawatch.Instances;

namespace Supawatch.Stack;

/// <summary>
/// <c>stack status --json</c> (docs/schemas/stack-status.schema.json): the runtime, whether everything runs, each
/// component and what the running Supawatch cannot see.
/// </summary>
/// <param name="Ok">The exit code's meaning: every component runs and Supawatch sees its fleet.</param>
public sealed record StackStatusDocument(
    string Runtime,
    bool Ok,
    bool AllRunning,
    string StatusPage,
    IReadOnlyList<ComponentStatus> Components,
    IReadOnlyList<string> Problems)
{
    public static StackStatusDocument From(StackStatusReport report, string runtime, string statusPage) =>
        new(runtime, report.Ok, report.AllRunning, statusPage, report.Components, report.Problems ?? []);

    /// <summary>Supawatch's JSON conventions (snake_case, as the API and status.json).</summary>
    public static JsonTypeInfo<StackStatusDocument> JsonInfo { get; } =
        SupawatchJson.For(StackStatusJsonContext.Default).TypeInfo<StackStatusDocument>();
}

[JsonSerializable(typeof(StackStatusDocument))]
internal sealed partial class StackStatusJsonContext : JsonSerializerContext;
