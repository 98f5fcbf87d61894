using System.Text;
using System.Text.Json;
using Supawatch.Common;
using Supawatch.Configuration;

namespace Supawatch.Stack;

/// <summary>
/// The seed variables <c>stack setup</c> was given (docs/configuration.md), which is what Supawatch runs with:
/// the non-secret ones in <c>stack.json</c>, the secret ones (<see cref="SeedVariable.IsSecret"/>) only in the
/// mode-600 <see cref="StackLayout.SecretVariablesFile"/>. A re-run of setup starts from the record and takes
/// what the shell sets now: a value replaces the recorded one, an empty value (<c>VAR=</c>) removes it, an unset
/// variable keeps it.
/// </summary>
public static class RecordedVariables
{
    // Relative paths would mean another file from another shell's directory: recorded absolute.
    private static readonly HashSet<string> PathVariables = new(StringComparer.Ordinal) { "SUPAWATCH_AUTH_TOKEN_FILE", "SUPAWATCH_AUTH_PASSWORD_FILE" };

    /// <summary>Every seed variable's name: what a native Supawatch's environment is cleared of before the record is set.</summary>
    public static IReadOnlyList<string> Names { get; } = SeedVariables.All.Select(v => v.Environment).ToList();

    /// <summary>The recorded variables, secrets included.</summary>
    public static Dictionary<string, string> Load(StackLayout layout, StackSettings settings)
    {
        var all = new Dictionary<string, string>(settings.Variables ?? [], StringComparer.Ordinal);
        if (File.Exists(layout.SecretVariablesFile))
        {
            foreach (var (name, value) in JsonSerializer.Deserialize(File.ReadAllText(layout.SecretVariablesFile), StackJson.Manifest) ?? [])
            {
                all[name] = value;
            }
        }

        return all;
    }

    /// <summary>
    /// The record updated with <paramref name="environment"/>; each difference goes to <paramref name="changes"/>
    /// as one line, a secret's value never shown.
    /// </summary>
    public static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> recorded, IReadOnlyDictionary<string, string> environment, List<string> changes)
    {
        var merged = new Dictionary<string, string>(recorded, StringComparer.Ordinal);
        foreach (var variable in SeedVariables.All)
        {
            var name = variable.Environment;
            if (!environment.TryGetValue(name, out var now))
            {
                continue;
            }

            recorded.TryGetValue(name, out var before);
            if (now.Length == 0)
            {
                if (merged.Remove(name))
                {
                    changes.Add($"{name}: removed (set empty)");
                }

                continue;
            }

            if (PathVariables.Contains(name))
            {
                now = Path.GetFullPath(now);
            }

            if (before == now)
            {
                continue;
            }

            merged[name] = now;
            changes.Add(variable.IsSecret
                ? $"{name}: {(before is null ? "set" : "changed")} (secret, not shown)"
                : before is null ? $"{name}: set to {SafeText.Printable(now)}" : $"{name}: {SafeText.Printable(before)} -> {SafeText.Printable(now)}");
        }

        return merged;
    }

    /// <summary>The non-secret part of <paramref name="all"/>, for <c>stack.json</c>.</summary>
    public static SortedDictionary<string, string> Public(IReadOnlyDictionary<string, string> all) =>
        new(all.Where(v => !IsSecret(v.Key)).ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The names of the secret variables in <paramref name="all"/>, for <c>stack.json</c>.</summary>
    public static IReadOnlyList<string> SecretNames(IReadOnlyDictionary<string, string> all) =>
        all.Keys.Where(IsSecret).Order(StringComparer.Ordinal).ToList();

    /// <summary>Writes the secret values (mode 600) and the compose env file (mode 600); returns what happened to each.</summary>
    public static IEnumerable<FileChange> Save(StackLayout layout, IReadOnlyDictionary<string, string> all)
    {
        var secrets = new SortedDictionary<string, string>(all.Where(v => IsSecret(v.Key)).ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal);
        yield return new FileChange(layout.Relative(layout.SecretVariablesFile), OwnerOnlyFile.Write(layout.SecretVariablesFile, JsonSerializer.Serialize(secrets, StackJson.SortedManifest) + "\n"));
        yield return new FileChange(layout.Relative(layout.SupawatchEnvFile), OwnerOnlyFile.Write(layout.SupawatchEnvFile, EnvFile(all)));
    }

    /// <summary><c>NAME='value'</c> lines as compose's <c>env_file</c> reads them (single quotes: no interpolation).</summary>
    public static string EnvFile(IReadOnlyDictionary<string, string> all)
    {
        var text = new StringBuilder("# Written by `supawatch stack setup` from the variables it was given; re-run setup to change them.\n");
        foreach (var (name, value) in all.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(value.Contains('\'', StringComparison.Ordinal)
                ? "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal) + "\""
                : "'" + value + "'").Append('\n');
        }

        return text.ToString();
    }

    private static bool IsSecret(string name) => SeedVariables.All.FirstOrDefault(v => v.Environment == name)?.IsSecret ?? false;
}
