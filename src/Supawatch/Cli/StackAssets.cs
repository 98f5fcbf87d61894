using Supawatch.Stack;

namespace Supawatch.Cli;

/// <summary>What the stack takes from this build: the embedded Grafana tree, and the checkout's Dockerfile when run from one.</summary>
internal static class StackAssets
{
    /// <summary>The repository's <c>grafana/</c> tree, embedded at build time (whatever existed then; possibly nothing).</summary>
    internal static IReadOnlyList<GrafanaAsset> ShippedGrafana()
    {
        var assembly = typeof(StackAssets).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("grafana/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return new GrafanaAsset(n["grafana/".Length..].Replace('\\', '/'), memory.ToArray());
            })
            .ToList();
    }

    /// <summary>The checkout this Supawatch was built in, when it has the Dockerfile: compose builds the image from it.</summary>
    internal static string? FindBuildContext()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dockerfile")) && File.Exists(Path.Combine(directory.FullName, "Supawatch.slnx")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
