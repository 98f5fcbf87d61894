namespace Supawatch.Stack;

/// <summary>A secret file under the stack folder: written mode 600 through a temporary file, and only when it changed.</summary>
public static class OwnerOnlyFile
{
    public static FileChangeKind Write(string path, string content)
    {
        var exists = File.Exists(path);
        if (exists && File.ReadAllText(path) == content)
        {
            RestrictToOwner(path);
            return FileChangeKind.Unchanged;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temp, options))
        {
            writer.Write(content);
        }

        RestrictToOwner(temp);
        File.Move(temp, path, overwrite: true);
        return exists ? FileChangeKind.Updated : FileChangeKind.Created;
    }

    /// <summary>Makes <paramref name="path"/> readable and writable by its owner only (mode 600).</summary>
    public static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
