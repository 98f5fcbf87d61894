using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Supawatch.Configuration;

/// <summary>
/// Builds Supawatch's configuration: an optional JSON file, then the seed's environment variables, then flags —
/// each overriding the one before.
/// </summary>
public static class SupawatchConfiguration
{
    public static IConfigurationRoot Build(
        string? configFile,
        IReadOnlyDictionary<string, string>? environment = null,
        IEnumerable<KeyValuePair<string, string?>>? flags = null)
    {
        environment ??= CurrentEnvironment();
        var builder = new ConfigurationBuilder();
        if (!string.IsNullOrEmpty(configFile))
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        builder.AddInMemoryCollection(SeedVariables.Translate(environment));
        if (flags is not null)
        {
            builder.AddInMemoryCollection(flags.Where(f => f.Value is not null));
        }

        return builder.Build();
    }

    public static IReadOnlyDictionary<string, string> CurrentEnvironment() =>
        Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
}
