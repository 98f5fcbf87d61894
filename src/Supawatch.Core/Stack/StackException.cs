namespace Supawatch.Stack;

/// <summary>A failure to start or stop the stack, its message naming the component, the reason and the fix.</summary>
public sealed class StackException(string message) : Exception(message);
