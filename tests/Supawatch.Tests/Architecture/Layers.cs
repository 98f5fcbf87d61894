namespace Supawatch.Tests.Architecture;

/// <summary>
/// The shape of the code (docs/architecture.md draws it): every concept namespace in one layer, and a namespace may
/// depend only on namespaces of lower layers, or of its own layer without a cycle. Data flows upwards:
/// sources → inventory → consumers; alerting and the stack render files; the host wires it all.
/// </summary>
public static class Layers
{
    /// <summary>Lowest first. A new folder (namespace) must be placed here, or the tests say so.</summary>
    public static readonly IReadOnlyList<(string Name, string[] Namespaces)> Order =
    [
        ("common", ["Supawatch.Common"]),
        ("vocabulary and settings", ["Supawatch.Instances", "Supawatch.Configuration", "Supawatch.Security"]),
        ("sources", ["Supawatch.Docker", "Supawatch.MasterDb"]),
        ("inventory", ["Supawatch.Discovery"]),
        ("consumers", ["Supawatch.Targets", "Supawatch.Metrics", "Supawatch.History", "Supawatch.Health", "Supawatch.Notices", "Supawatch.Status"]),
        ("alerting and stack", ["Supawatch.Alerting", "Supawatch.Stack"]),
        ("validation", ["Supawatch.Validation"]),
        ("host", ["Supawatch.Api", "Supawatch.Cli", "Supawatch.Server", "Supawatch.Demo"]),
    ];

    /// <summary>The namespaces only the host assembly (<c>src/Supawatch</c>) may hold.</summary>
    public static readonly IReadOnlyList<string> HostOnly = ["Supawatch.Api", "Supawatch.Cli", "Supawatch.Server", "Supawatch.Demo"];

    public static IReadOnlyList<string> All => [.. Order.SelectMany(l => l.Namespaces)];

    public static int IndexOf(string ns) => Order.ToList().FindIndex(l => l.Namespaces.Contains(ns, StringComparer.Ordinal));

    public static string NameOf(string ns) => Order[IndexOf(ns)].Name;
}
