namespace Supawatch.Stack;

/// <summary>What setup did with one file it owns.</summary>
public enum FileChangeKind
{
    Created,
    Updated,
    Unchanged,

    /// <summary>The user edited the file since setup wrote it: it was kept, the new version written beside it.</summary>
    KeptUserEdit,
}
