using YamlDotNet.Serialization;

namespace Supawatch.Tests.Stack;

/// <summary>Reads rendered YAML back as plain maps and lists, to assert on structure rather than text.</summary>
internal static class StackYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static Dictionary<object, object> Parse(string yaml) => Deserializer.Deserialize<Dictionary<object, object>>(yaml);

    public static Dictionary<object, object> Map(object node, string key) => (Dictionary<object, object>)((Dictionary<object, object>)node)[key];

    public static List<object> List(object node, string key) =>
        ((Dictionary<object, object>)node).TryGetValue(key, out var value) && value is List<object> list ? list : [];

    public static string? Scalar(object node, string key) =>
        ((Dictionary<object, object>)node).TryGetValue(key, out var value) ? value as string : null;
}
