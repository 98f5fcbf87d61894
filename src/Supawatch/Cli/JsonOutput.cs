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

    /// <summary>
    /// A verb whose one flag is <c>--json</c>: <paramref name="run"/> gets the configuration, stdout, stderr, the
    /// cancellation token and whether <c>--json</c> was given (as <c>discover</c> and <c>health</c> take them).
    /// </summary>
    public static Command Verb(string name, string description, Func<IConfiguration, TextWriter, TextWriter, CancellationToken, bool, Task<int>> run)
    {
        var command = new Command(name, description);
        var json = Create();
        command.Options.Add(json);
        command.SetConfiguredAction((configuration, parse, cancellationToken) =>
            run(configuration, Console.Out, Console.Error, cancellationToken, parse.GetValue(json)));
        return command;
    }

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
