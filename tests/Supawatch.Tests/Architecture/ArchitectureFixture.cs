using System.Reflection;
using Supawatch.Cli;
using Supawatch.Discovery;

namespace Supawatch.Tests.Architecture;

/// <summary>Reads both assemblies' namespace graph once for all the architecture tests (about ten seconds).</summary>
public sealed class ArchitectureFixture
{
    public ArchitectureFixture()
    {
        Core = typeof(DiscoveryEngine).Assembly;
        Host = typeof(SupawatchCli).Assembly;
        Namespaces = [.. new[] { Core, Host }
            .SelectMany(a => a.GetTypes())
            .Select(t => t.Namespace ?? "")
            .Where(n => n.StartsWith("Supawatch.", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
        Graph = NamespaceGraph.Read([Core, Host], Namespaces);
    }

    /// <summary><c>Supawatch.Core</c>: the domain.</summary>
    public Assembly Core { get; }

    /// <summary><c>supawatch</c>: the executable.</summary>
    public Assembly Host { get; }

    /// <summary>Every <c>Supawatch.*</c> namespace either assembly declares.</summary>
    public IReadOnlyList<string> Namespaces { get; }

    public NamespaceGraph Graph { get; }
}
