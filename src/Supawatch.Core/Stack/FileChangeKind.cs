namespace Supawatch.Stack;

/// <summary>What setup did with one file it owns.</summary>
public enum FileChangeKind
{
    Created,
    Updated,
    Unchanged,

    /// <summary>Setup wrote it earlier and no longer generates it (e.g. its datasource, once the repository ships one).</summary>
    Removed,

    /// <summary>The user edited the file since setup wrote it: it was kept, the new version written beside it.</summary>
    KeptUserEdit,
}
