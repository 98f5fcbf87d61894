using System.Security.Cryptography;

namespace Supawatch.Stack;

/// <summary>
/// Grafana's admin password: <c>GRAFANA_ADMIN_PASSWORD</c> when set, else generated once and kept. The file is
/// created mode 600 and its content is never printed or logged; Grafana reads it through <c>__FILE</c>.
/// </summary>
public static class GrafanaPassword
{
    /// <summary>Writes the password file if it is missing or differs from <paramref name="given"/>; returns what happened.</summary>
    public static FileChangeKind Ensure(string path, string? given)
    {
        var exists = File.Exists(path);
        if (exists && (string.IsNullOrEmpty(given) || File.ReadAllText(path).TrimEnd('\n') == given))
        {
            OwnerOnlyFile.RestrictToOwner(path);
            return FileChangeKind.Unchanged;
        }

        // Written as every secret of the stack folder is: mode 600 through a temporary file.
        return OwnerOnlyFile.Write(path, string.IsNullOrEmpty(given) ? Generate() : given);
    }

    private static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
