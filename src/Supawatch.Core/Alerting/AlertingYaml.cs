using System.Diagnostics.CodeAnalysis;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Supawatch.Alerting;

/// <summary>
/// The one renderer for generated Prometheus and Alertmanager YAML: model property names become snake_case,
/// nulls and empty lists are left out, durations are Prometheus durations and multi-line text is a literal block.
/// </summary>
/// <remarks>
/// YamlDotNet reads the models by reflection. The native binary keeps them whole (<c>TrimmerRootAssembly</c>
/// Supawatch.Core in src/Supawatch), and <c>NativeBinaryTests</c> checks that it renders the same bytes as the JIT
/// build. YamlDotNet's static context generator would remove the reflection; it was not needed for correctness.
/// </remarks>
public static class AlertingYaml
{
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Serialization only, of Supawatch.Core models the native build roots; NativeBinaryTests compares the native output with the JIT one.")]
    private static ISerializer CreateSerializer() => new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .WithTypeConverter(new PrometheusDurationConverter())
        .WithEventEmitter(next => new LiteralBlockEmitter(next))
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    private static readonly ISerializer Serializer = CreateSerializer();

    /// <summary>Serializes <paramref name="model"/> under a header that says where the file comes from.</summary>
    public static string Render(object model, string header)
    {
        var lines = header.Split('\n').Select(line => line.Length == 0 ? "#" : "# " + line);
        return string.Join('\n', lines) + "\n" + Serializer.Serialize(model);
    }
}
