using NetArchTest.Rules;

namespace Supawatch.Tests.Architecture;

/// <summary>
/// Keeps the shape docs/architecture.md draws: one layer per kind of concept, dependencies only downwards, no
/// cycles between concepts, the domain never using the executable. Each failure names the offending type and the rule.
/// </summary>
public class ArchitectureTests(ArchitectureFixture fixture) : IClassFixture<ArchitectureFixture>
{
    private const string Direction = "common ← vocabulary and settings ← sources ← inventory ← consumers ← alerting and stack ← validation ← host";

    [Fact]
    public void EveryNamespace_HasAPlaceInTheLayers()
    {
        var unplaced = fixture.Namespaces.Where(n => Layers.IndexOf(n) < 0).ToList();

        Assert.True(unplaced.Count == 0,
            $"namespaces without a layer: {string.Join(", ", unplaced)}. Rule: every folder is one concept with a place in "
            + "tests/Supawatch.Tests/Architecture/Layers.cs (and docs/architecture.md); add it there, or move its files into an existing concept.");
    }

    [Fact]
    public void Dependencies_PointOnlyToLowerLayers()
    {
        var violations = new List<string>();
        foreach (var (from, targets) in fixture.Graph.Edges)
        {
            foreach (var (to, types) in targets)
            {
                if (Layers.IndexOf(from) >= 0 && Layers.IndexOf(to) > Layers.IndexOf(from))
                {
                    violations.Add($"{from} ({Layers.NameOf(from)}) uses {to} ({Layers.NameOf(to)}) in {string.Join(", ", types)}");
                }
            }
        }

        Assert.True(violations.Count == 0,
            $"Rule: a namespace depends only on its own or lower layers ({Direction}); pass data up through an interface "
            + $"the lower concept declares instead.{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }

    [Fact]
    public void ConceptNamespaces_HaveNoCycles()
    {
        var cycles = fixture.Graph.Cycles();

        var described = cycles.Select(cycle => string.Join("; ", cycle.SelectMany(from => cycle
            .Where(to => fixture.Graph.Edges[from].ContainsKey(to))
            .Select(to => $"{from} → {to} through {string.Join(", ", fixture.Graph.Edges[from][to])}"))));
        Assert.True(cycles.Count == 0,
            $"Rule: no two concepts depend on each other, directly or round a loop.{Environment.NewLine}{string.Join(Environment.NewLine, described)}");
    }

    [Fact]
    public void Common_DependsOnNothingOfOurs()
    {
        var result = Types.InAssembly(fixture.Core).That().ResideInNamespace("Supawatch.Common")
            .ShouldNot().HaveDependencyOnAny([.. fixture.Namespaces.Where(n => n != "Supawatch.Common")])
            .GetResult();

        Assert.True(result.IsSuccessful,
            $"Rule: Common holds helpers every concept uses and depends on no concept. Offending: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Core_NeverDependsOnTheHost()
    {
        var references = fixture.Core.GetReferencedAssemblies().Where(a => a.Name == fixture.Host.GetName().Name).ToList();
        var result = Types.InAssembly(fixture.Core).ShouldNot().HaveDependencyOnAny([.. Layers.HostOnly]).GetResult();
        var hostNamespacesInCore = fixture.Core.GetTypes().Where(t => Layers.HostOnly.Contains(t.Namespace ?? "", StringComparer.Ordinal)).ToList();

        Assert.True(references.Count == 0 && result.IsSuccessful && hostNamespacesInCore.Count == 0,
            "Rule: Supawatch.Core (the domain) never uses the executable (Api, Cli, Server); move the shared part into Core. "
            + $"Offending: {string.Join(", ", [.. references.Select(r => $"a reference to {r.Name}"), .. result.FailingTypeNames ?? [], .. hostNamespacesInCore.Select(t => $"{t.FullName} declared in Core")])}");
    }

    [Fact]
    public void Consumers_NeverReachIntoASourcesConnection()
    {
        var consumers = SourceConnections.Consumers.ToHashSet(StringComparer.Ordinal);
        string[] Users(params string[] names) => [.. Types.InAssemblies([fixture.Core, fixture.Host]).That().HaveDependencyOnAny(names).GetTypes()
            .Where(t => consumers.Contains(t.Namespace ?? ""))
            .Select(t => NamespaceGraph.TopLevel(t).FullName ?? t.Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

        var violations = SourceConnections.Forbidden
            .SelectMany(f => Users(f.Name).Select(type => $"{type} uses {f.Name}, {f.What}"))
            .Concat(Users("Npgsql").Where(type => !SourceConnections.TenantDatabaseClients.Contains(type, StringComparer.Ordinal))
                .Select(type => $"{type} uses Npgsql, a database connection of its own (only the tenant-database clients listed in SourceConnections may)"))
            .ToList();

        Assert.True(violations.Count == 0,
            "Rule: no consumer reaches into a source's connection; it receives the data through a named interface "
            + $"(IDockerReaders, IInstanceMetadataSource, the inventory).{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }

    [Fact]
    public void ArchitectureDoc_DrawsEveryConceptsDependencies_AsTheCodeHasThem()
    {
        var documented = ArchitectureDoc.Uses(File.ReadAllLines(Path.Combine(Alerting.Approval.RepositoryRoot(), "docs", "architecture.md")));
        var actual = fixture.Namespaces.ToDictionary(
            n => n,
            n => fixture.Graph.Edges[n].Keys.Order(StringComparer.Ordinal).ToList(),
            StringComparer.Ordinal);

        var wrong = actual
            .Where(a => !documented.TryGetValue(a.Key, out var uses) || !uses.Order(StringComparer.Ordinal).SequenceEqual(a.Value))
            .Select(a => $"| `{ArchitectureDoc.Concept(a.Key)}` | {(a.Value.Count == 0 ? "nothing" : string.Join(", ", a.Value.Select(u => $"`{ArchitectureDoc.Concept(u)}`")))} |")
            .Concat(documented.Keys.Where(d => !actual.ContainsKey(d)).Select(d => $"{d}: documented but not in the code"))
            .ToList();
        Assert.True(wrong.Count == 0,
            $"Rule: docs/architecture.md's table \"{ArchitectureDoc.Heading}\" lists, for every concept, exactly the concepts it uses. "
            + $"These rows are what the code has now; write them there:{Environment.NewLine}{string.Join(Environment.NewLine, wrong)}");
    }
}
