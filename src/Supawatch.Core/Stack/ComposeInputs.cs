using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Supawatch.Stack;

/// <summary>
/// The stack folder's files each compose service reads (bind mounts of <see cref="ComposeConfig.Build"/>, and
/// Supawatch's <c>env_file</c>), how a change reaches a running container, and the hashes of what each running
/// container was last given, kept in <c>run/compose.inputs</c>. <c>docker compose up -d</c> recreates a service whose
/// definition changed, but cannot see a changed file behind a mount: these are what the docker runtime acts on itself.
/// </summary>
public static class ComposeInputs
{
    /// <summary>Each service that reads files of the folder: its paths (relative, <c>*</c> in a file name) and what a change needs.</summary>
    public static readonly IReadOnlyList<(string Service, string[] Paths, ComposeInputAction Action)> Services =
    [
        // Prometheus loads prometheus.yml and rule_files: alerts/*_rules.yml (the user's too); SIGHUP reloads them.
        (StackComponents.Prometheus, [StackLayout.PrometheusFileName, "alerts/*_rules.yml"], ComposeInputAction.Reload),
        (StackComponents.Alertmanager, ["alerts/alertmanager.yml"], ComposeInputAction.Reload),
        // Grafana reads provisioning and its password file when it starts.
        (StackComponents.Grafana, ["grafana/provisioning/*/*", "grafana/dashboards/*", "secrets/grafana-admin-password"], ComposeInputAction.Restart),
        // An env_file is read when the container is created: a restart would keep the old variables.
        (StackComponents.Supawatch, [ComposeConfig.SupawatchEnvFile], ComposeInputAction.Recreate),
    ];

    /// <summary>The hash of every service's files as they are now.</summary>
    public static Dictionary<string, string> Current(StackLayout layout) =>
        Services.ToDictionary(s => s.Service, s => Hash(layout, s.Paths), StringComparer.Ordinal);

    /// <summary>What <see cref="Save"/> recorded; empty when nothing was (a stack set up by an older version, or never started).</summary>
    public static Dictionary<string, string> Load(StackLayout layout)
    {
        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = FilePath(layout);
        if (!File.Exists(file))
        {
            return recorded;
        }

        foreach (var line in File.ReadAllLines(file))
        {
            var parts = line.Split('\t');
            if (parts.Length == 2)
            {
                recorded[parts[0]] = parts[1];
            }
        }

        return recorded;
    }

    public static void Save(StackLayout layout, IReadOnlyDictionary<string, string> hashes)
    {
        Directory.CreateDirectory(layout.RunDirectory);
        var text = new StringBuilder();
        foreach (var (service, hash) in hashes.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{service}\t{hash}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        Common.AtomicFile.Write(FilePath(layout), stream => stream.Write(bytes));
    }

    public static string FilePath(StackLayout layout) => Path.Combine(layout.RunDirectory, "compose.inputs");

    /// <summary>SHA-256 over the names and contents of the files the paths match now, in order.</summary>
    public static string Hash(StackLayout layout, IEnumerable<string> paths)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in paths.SelectMany(p => Files(layout, p)))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(layout.Relative(file) + "\0"));
            hash.AppendData(File.ReadAllBytes(file));
            hash.AppendData("\0"u8);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static IEnumerable<string> Files(StackLayout layout, string relative)
    {
        var path = Path.Combine(layout.Root, relative);
        var name = Path.GetFileName(path);
        if (!name.Contains('*', StringComparison.Ordinal))
        {
            return File.Exists(path) ? [path] : [];
        }

        // One '*' level of folders at most (grafana/provisioning/*/*): expand the folder part, then the file name.
        var directory = Path.GetDirectoryName(path)!;
        var directories = Path.GetFileName(directory) == "*"
            ? Directory.Exists(Path.GetDirectoryName(directory)) ? Directory.GetDirectories(Path.GetDirectoryName(directory)!).Order(StringComparer.Ordinal).ToArray() : []
            : Directory.Exists(directory) ? [directory] : [];
        return directories.SelectMany(d => Directory.GetFiles(d, name).Order(StringComparer.Ordinal));
    }
}
