namespace Supawatch.Stack;

/// <summary>One line of setup's report: a file (relative to the folder) and what happened to it.</summary>
/// <param name="NewVersionUnchanged">For a kept edit: <see cref="NewVersionPath"/> already held this version.</param>
public sealed record FileChange(string Path, FileChangeKind Kind, string? NewVersionPath = null, bool NewVersionUnchanged = false)
{
    /// <summary>False when nothing is new: an unchanged file, or a kept edit whose <c>FILE.new</c> was already this version.</summary>
    public bool IsChange => Kind switch
    {
        FileChangeKind.Unchanged => false,
        FileChangeKind.KeptUserEdit => !NewVersionUnchanged,
        _ => true,
    };

    public override string ToString() => Kind switch
    {
        FileChangeKind.Created => $"created   {Path}",
        FileChangeKind.Updated => $"updated   {Path}",
        FileChangeKind.Unchanged => $"unchanged {Path}",
        FileChangeKind.Removed => $"removed   {Path} (no longer generated)",
        _ => $"kept      {Path} (you edited it; the new version is {NewVersionPath}: merge it, or delete {Path} and re-run setup, or pass --force)",
    };
}
