namespace Supawatch.Stack;

/// <summary>One line of setup's report: a file (relative to the folder) and what happened to it.</summary>
public sealed record FileChange(string Path, FileChangeKind Kind, string? NewVersionPath = null)
{
    public override string ToString() => Kind switch
    {
        FileChangeKind.Created => $"created   {Path}",
        FileChangeKind.Updated => $"updated   {Path}",
        FileChangeKind.Unchanged => $"unchanged {Path}",
        FileChangeKind.Removed => $"removed   {Path} (no longer generated)",
        _ => $"kept      {Path} (you edited it; the new version is {NewVersionPath}: merge it, or delete {Path} and re-run setup, or pass --force)",
    };
}
