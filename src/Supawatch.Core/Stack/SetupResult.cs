namespace Supawatch.Stack;

/// <summary>What setup changed, what it warns about and what stops the stack from starting.</summary>
public sealed class SetupResult
{
    public List<FileChange> Changes { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<string> Errors { get; } = [];
    public bool Ok => Errors.Count == 0;
}
