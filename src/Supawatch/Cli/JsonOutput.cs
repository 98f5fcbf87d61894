using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Supawatch.Cli;

/// <summary>
/// <c>--json</c> on <c>discover</c>, <c>health</c> and <c>stack status</c>: stdout holds one JSON document and nothing
/// else (its schema is in docs/schemas/), so a script can pipe it to <c>jq</c>; messages stay on stderr and the exit
/// code means what it means without the flag.
/// </summary>
internal static class JsonOutput
{
    public static Option<bool> Create() => new("--json")
    {
        Description = "Print one JSON document on stdout instead of the table (schemas: docs/schemas/)",
    };

    public static void Write<T>(T document, JsonTypeInfo<T> info, TextWriter output)
    {
        using (var stream = new MemoryStream())
        {
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = info.Options.Encoder }))
            {
                JsonSerializer.Serialize(writer, document, info);
            }

            output.Write(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
        }

        output.WriteLine();
        output.Flush();
    }
}
