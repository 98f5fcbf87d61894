using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Supawatch.Api;
using Supawatch.Stack;
using Supawatch.Status;
using Supawatch.Tests.Alerting;

namespace Supawatch.Tests.Cli;

/// <summary>
/// docs/schemas/*.schema.json describe exactly what <c>--json</c> prints: each is the schema of the type the verb
/// serializes, so a change to a document shows up in review as a change to its schema. On a difference the new schema
/// is written beside it as <c>.received</c>; copy it over to accept it (and say so in docs/cli.md if a field went).
/// </summary>
public sealed class JsonSchemasTests
{
    public static TheoryData<string> Names => ["instances", "status", "stack-status", "slo-report"];

    [Theory]
    [MemberData(nameof(Names))]
    public void DocsSchema_IsTheSchemaOfTheDocumentTheVerbPrints(string name)
    {
        var path = Path.Combine(Approval.RepositoryRoot(), "docs", "schemas", name + ".schema.json");
        var actual = Export(name).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var expected = File.Exists(path) ? File.ReadAllText(path) : null;
        if (expected != actual)
        {
            File.WriteAllText(path + ".received", actual);
        }

        Assert.True(expected == actual, $"{path} differs from the type it describes; review {path}.received and copy it over to accept it");
    }

    /// <summary>The schema of <paramref name="name"/>'s document, with a title and where it comes from.</summary>
    public static JsonNode Export(string name)
    {
        var (info, title, description) = name switch
        {
            "instances" => ((JsonTypeInfo)ApiJson.Instances, "Supawatch inventory",
                "supawatch discover --json, and GET /api/v1/instances on the operator listener (docs/cli.md, docs/discovery.md)"),
            "status" => (StatusJson.DocumentInfo, "Supawatch status document",
                "supawatch health --json, <data>/status.json and /status/api/status.json (docs/status-api.md)"),
            "stack-status" => (StackStatusDocument.JsonInfo, "Supawatch stack status",
                "supawatch stack status --json (docs/stack.md)"),
            "slo-report" => (Supawatch.Slo.SloReport.JsonInfo, "Supawatch SLO report",
                "supawatch slo report --month YYYY-MM --json (docs/slo.md)"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such schema"),
        };
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(info, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            // A 90-day strip is written by its own converter (kept JSON, issue 25); it is still an array.
            TransformSchemaNode = (context, node) => context.PropertyInfo?.CustomConverter is StatusDaysJsonConverter ? new JsonObject { ["type"] = "array" } : node,
        });
        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = title,
            ["description"] = description,
        };
        foreach (var (key, value) in schema.AsObject().ToList())
        {
            schema.AsObject().Remove(key);
            document[key] = value;
        }

        return document;
    }
}
