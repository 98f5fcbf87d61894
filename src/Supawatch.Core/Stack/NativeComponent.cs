namespace Supawatch.Stack;

/// <summary>
/// One component of the native runtime: the program to find on PATH (or Supawatch itself), its arguments and
/// environment, and the URL that answers once it is ready.
/// </summary>
/// <param name="Candidates">Program names tried on PATH in order (Debian's name first).</param>
/// <param name="Package">What to install when none is found.</param>
/// <param name="Optional">Skipped with a note when missing, instead of failing start.</param>
/// <param name="Executable">Set for Supawatch itself: the program and the arguments before the verb.</param>
public sealed record NativeComponent(
    string Name,
    IReadOnlyList<string> Candidates,
    string Package,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string Url,
    string ReadyPath,
    int Port,
    string PortFlag,
    bool Optional = false,
    IReadOnlyList<string>? Executable = null)
{
    /// <summary>The command to run, or null when the program is not installed.</summary>
    public IReadOnlyList<string>? ResolveCommand()
    {
        if (Executable is not null)
        {
            return [.. Executable, .. Arguments];
        }

        var path = Candidates.Select(Alerting.ConfigChecker.FindTool).FirstOrDefault(p => p is not null);
        return path is null ? null : [path, .. Arguments];
    }
}
