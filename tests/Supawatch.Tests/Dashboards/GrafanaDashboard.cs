using System.Text.Json;
using System.Text.RegularExpressions;

namespace Supawatch.Tests.Dashboards;

/// <summary>
/// One dashboard file from grafana/dashboards/, read as Grafana reads it: panels (rows' nested panels
/// included), their PromQL targets, template variables and annotation queries.
/// </summary>
public sealed partial class GrafanaDashboard
{
    private GrafanaDashboard(string fileName, JsonElement root)
    {
        FileName = fileName;
        Root = root;
    }

    /// <summary>The file's name, e.g. supabase-overview.json.</summary>
    public string FileName { get; }

    /// <summary>The whole document.</summary>
    public JsonElement Root { get; }

    public string Uid => Root.GetProperty("uid").GetString() ?? string.Empty;

    public string Title => Root.GetProperty("title").GetString() ?? string.Empty;

    /// <summary>Every panel, rows included, with the panels collapsed rows hold.</summary>
    public IReadOnlyList<JsonElement> Panels => Flatten(Root.GetProperty("panels")).ToList();

    /// <summary>Every PromQL query a panel runs.</summary>
    public IReadOnlyList<PanelQuery> Queries =>
        Panels.Where(panel => panel.TryGetProperty("targets", out _))
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray().Select(target => new PanelQuery(
                panel.GetProperty("id").GetInt32(),
                panel.GetProperty("title").GetString() ?? string.Empty,
                target.GetProperty("refId").GetString() ?? string.Empty,
                target.TryGetProperty("expr", out var expr) ? expr.GetString() ?? string.Empty : string.Empty)))
            .ToList();

    /// <summary>The template variables, in the order Grafana resolves them.</summary>
    public IReadOnlyList<TemplateVariable> Variables =>
        Root.GetProperty("templating").GetProperty("list").EnumerateArray().Select(variable => new TemplateVariable(
            variable.GetProperty("name").GetString() ?? string.Empty,
            variable.TryGetProperty("definition", out var query) ? query.GetString() ?? string.Empty : string.Empty)).ToList();

    /// <summary>The PromQL of every annotation that queries Prometheus (Grafana's built-in one has none).</summary>
    public IReadOnlyList<string> AnnotationQueries =>
        Root.GetProperty("annotations").GetProperty("list").EnumerateArray()
            .Where(annotation => annotation.TryGetProperty("expr", out _))
            .Select(annotation => annotation.GetProperty("expr").GetString() ?? string.Empty).ToList();

    /// <summary>Every dashboard in <c>grafana/dashboards/</c> of <paramref name="repositoryRoot"/>.</summary>
    public static IReadOnlyList<GrafanaDashboard> LoadAll(string repositoryRoot) =>
        Directory.GetFiles(Path.Combine(repositoryRoot, "grafana", "dashboards"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                return new GrafanaDashboard(Path.GetFileName(path), document.RootElement.Clone());
            })
            .ToList();

    /// <summary>Names of the dashboard variables <paramref name="text"/> refers to (<c>$name</c>, <c>${name}</c>, <c>[[name]]</c>); Grafana's own <c>$__…</c> are left out.</summary>
    public static IReadOnlySet<string> VariableReferences(string text) =>
        VariableReference().Matches(text)
            .Select(match => match.Groups.Cast<Group>().Skip(1).First(group => group.Success).Value)
            .Where(name => !name.StartsWith("__", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="expr"/> as Grafana sends it to Prometheus: each variable replaced by its value and
    /// Grafana's interval macros by concrete durations.
    /// </summary>
    public static string Substitute(string expr, IReadOnlyDictionary<string, string> values, GrafanaIntervals intervals)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(intervals);
        var withMacros = expr
            .Replace("$__rate_interval", intervals.RateInterval, StringComparison.Ordinal)
            .Replace("$__interval", intervals.Interval, StringComparison.Ordinal)
            .Replace("$__range", intervals.Range, StringComparison.Ordinal);
        return VariableReference().Replace(withMacros, match =>
        {
            var name = match.Groups.Cast<Group>().Skip(1).First(group => group.Success).Value;
            return values.TryGetValue(name, out var value)
                ? value
                : throw new InvalidOperationException($"No value for ${name} in: {expr}");
        });
    }

    /// <summary>Every string anywhere in the document, for reference checks.</summary>
    public IEnumerable<string> AllStrings() => Strings(Root);

    /// <summary>Every object in the document that has a property <paramref name="name"/>, with that property's value.</summary>
    public IEnumerable<JsonElement> AllProperties(string name) => Properties(Root, name);

    private static IEnumerable<JsonElement> Flatten(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var child in Flatten(nested))
                {
                    yield return child;
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString() ?? string.Empty],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Strings(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static IEnumerable<JsonElement> Properties(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property =>
            property.NameEquals(name) ? [property.Value, .. Properties(property.Value, name)] : Properties(property.Value, name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(item => Properties(item, name)),
        _ => [],
    };

    [GeneratedRegex(@"\$\{(\w+)(?:[:.][^}]*)?\}|\$(\w+)|\[\[(\w+)(?::\w+)?\]\]")]
    private static partial Regex VariableReference();
}
