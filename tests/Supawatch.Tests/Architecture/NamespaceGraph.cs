using System.Reflection;
using NetArchTest.Rules;

namespace Supawatch.Tests.Architecture;

/// <summary>
/// Which concept namespace depends on which, read from the compiled assemblies (NetArchTest scans every member and
/// method body), with the types that make each dependency so a failure can name them.
/// </summary>
public sealed class NamespaceGraph
{
    private NamespaceGraph(IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> edges) => Edges = edges;

    /// <summary>From namespace → to namespace → the types of "from" that use "to".</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Edges { get; }

    public static NamespaceGraph Read(IReadOnlyCollection<Assembly> assemblies, IReadOnlyCollection<string> namespaces)
    {
        var edges = namespaces.ToDictionary(n => n, _ => new Dictionary<string, List<string>>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var to in namespaces)
        {
            // "Supawatch.Status" would also match a namespace "Supawatch.StatusX"; the exact namespace is checked below.
            var users = Types.InAssemblies(assemblies).That().HaveDependencyOn(to).GetTypes();
            foreach (var type in users)
            {
                var from = type.Namespace ?? "";
                if (from == to || !edges.TryGetValue(from, out var targets))
                {
                    continue;
                }

                var name = TopLevel(type).FullName ?? type.Name;
                if (!targets.TryGetValue(to, out var names))
                {
                    targets[to] = names = [];
                }

                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }

        return new NamespaceGraph(edges.ToDictionary(
            e => e.Key,
            e => (IReadOnlyDictionary<string, IReadOnlyList<string>>)e.Value.ToDictionary(t => t.Key, t => (IReadOnlyList<string>)[.. t.Value.Order(StringComparer.Ordinal)], StringComparer.Ordinal),
            StringComparer.Ordinal));
    }

    /// <summary>The groups of namespaces that reach each other (strongly connected components of two or more).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Edges[v].Keys)
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);

                if (component.Count > 1)
                {
                    cycles.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var v in Edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return cycles;
    }

    public static Type TopLevel(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }
}
