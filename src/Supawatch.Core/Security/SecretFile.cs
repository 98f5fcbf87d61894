namespace Supawatch.Security;

/// <summary>Reads a secret from a file the operator keeps private; refuses one that others can read.</summary>
public static class SecretFile
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// The file's content without its trailing newline, or <c>null</c> and a reason naming
    /// <paramref name="variable"/> and the fix. The content is never part of the reason.
    /// </summary>
    public static string? TryRead(string variable, string path, out string? error)
    {
        error = null;
        if (!File.Exists(path))
        {
            error = $"{variable}: file '{path}' does not exist; create it with the secret and chmod 600";
            return null;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            error = $"{variable}: file '{path}' is readable by other users; run chmod 600 '{path}'";
            return null;
        }

        string content;
        try
        {
            content = File.ReadAllText(path).TrimEnd('\r', '\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"{variable}: cannot read '{path}' ({ex.GetType().Name}); make it readable by the user Supawatch runs as";
            return null;
        }

        if (content.Length == 0)
        {
            error = $"{variable}: file '{path}' is empty; write the secret into it";
            return null;
        }

        return content;
    }
}
