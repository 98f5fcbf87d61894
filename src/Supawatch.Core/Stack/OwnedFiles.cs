using System.Security.Cryptography;
using System.Text.Json;

namespace Supawatch.Stack;

/// <summary>
/// Installs the files setup generates and remembers a checksum of each in a manifest. A file whose content
/// still matches the checksum is setup's own and is replaced; one that differs was edited by the user and is
/// kept, the new version written beside it as <c>FILE.new</c>. Files not in the manifest that setup does not
/// generate (<c>alerts/my_rules.yml</c>) are never looked at.
/// </summary>
public sealed class OwnedFiles
{
    private readonly StackLayout _layout;
    private readonly Dictionary<string, string> _manifest;
    private readonly bool _force;

    private OwnedFiles(StackLayout layout, Dictionary<string, string> manifest, bool force)
    {
        _layout = layout;
        _manifest = manifest;
        _force = force;
    }

    /// <param name="force">Overwrite the user's edits of owned files too.</param>
    public static OwnedFiles Load(StackLayout layout, bool force)
    {
        var manifest = File.Exists(layout.ManifestFile)
            ? JsonSerializer.Deserialize(File.ReadAllText(layout.ManifestFile), StackJson.Manifest) ?? []
            : [];
        return new OwnedFiles(layout, new Dictionary<string, string>(manifest, StringComparer.Ordinal), force);
    }

    /// <summary>Installs <paramref name="source"/> (a staged file, moved so its mode is kept) at <paramref name="target"/>.</summary>
    public FileChange Install(string source, string target)
    {
        var relative = _layout.Relative(target);
        var hash = Hash(source);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (!File.Exists(target))
        {
            File.Move(source, target);
            _manifest[relative] = hash;
            return new FileChange(relative, FileChangeKind.Created);
        }

        var current = Hash(target);
        if (current == hash)
        {
            File.Delete(source);
            _manifest[relative] = hash;
            return new FileChange(relative, FileChangeKind.Unchanged);
        }

        var ours = _manifest.TryGetValue(relative, out var recorded) && recorded == current;
        if (ours || _force)
        {
            File.Move(source, target, overwrite: true);
            _manifest[relative] = hash;
            return new FileChange(relative, FileChangeKind.Updated);
        }

        // The same FILE.new as last time is no news: it must not count as a change (which would restart the component).
        var sameNew = File.Exists(target + ".new") && Hash(target + ".new") == hash;
        File.Move(source, target + ".new", overwrite: true);
        return new FileChange(relative, FileChangeKind.KeptUserEdit, relative + ".new", NewVersionUnchanged: sameNew);
    }

    /// <summary>Writes <paramref name="content"/> through a staged file and <see cref="Install"/>.</summary>
    public FileChange Write(string target, string content, UnixFileMode? mode = null)
    {
        var staged = Stage(target);
        File.WriteAllText(staged, content);
        if (mode is { } unixMode && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(staged, unixMode);
        }

        return Install(staged, target);
    }

    /// <summary>Writes <paramref name="content"/> through a staged file and <see cref="Install"/>.</summary>
    public FileChange Write(string target, byte[] content)
    {
        var staged = Stage(target);
        File.WriteAllBytes(staged, content);
        return Install(staged, target);
    }

    /// <summary>Deletes a file setup wrote earlier but no longer generates, unless the user edited it.</summary>
    public FileChange? RemoveIfOwned(string target)
    {
        var relative = _layout.Relative(target);
        if (!File.Exists(target) || !_manifest.TryGetValue(relative, out var recorded) || recorded != Hash(target))
        {
            return null;
        }

        File.Delete(target);
        _manifest.Remove(relative);
        return new FileChange(relative, FileChangeKind.Removed);
    }

    public void Save() => File.WriteAllText(_layout.ManifestFile, JsonSerializer.Serialize(new SortedDictionary<string, string>(_manifest, StringComparer.Ordinal), StackJson.SortedManifest) + "\n");

    private string Stage(string target)
    {
        Directory.CreateDirectory(_layout.StagingDirectory);
        return Path.Combine(_layout.StagingDirectory, $"{Path.GetFileName(target)}.{Guid.NewGuid():N}");
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
