using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Supawatch.Alerting;

/// <summary>
/// The one renderer for generated Prometheus and Alertmanager YAML: model property names become snake_case,
/// nulls and empty lists are left out, durations are Prometheus durations and multi-line text is a literal block.
/// </summary>
public static class AlertingYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .WithTypeConverter(new PrometheusDurationConverter())
        .WithEventEmitter(next => new LiteralBlockEmitter(next))
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    /// <summary>Serializes <paramref name="model"/> under a header that says where the file comes from.</summary>
    public static string Render(object model, string header)
    {
        var lines = header.Split('\n').Select(line => line.Length == 0 ? "#" : "# " + line);
        return string.Join('\n', lines) + "\n" + Serializer.Serialize(model);
    }
}
