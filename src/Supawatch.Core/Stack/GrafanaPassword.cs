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
            RestrictToOwner(path);
            return FileChangeKind.Unchanged;
        }

        var password = string.IsNullOrEmpty(given) ? Generate() : given;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temp, options))
        {
            writer.Write(password);
        }

        RestrictToOwner(temp);
        File.Move(temp, path, overwrite: true);
        return exists ? FileChangeKind.Updated : FileChangeKind.Created;
    }

    private static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
