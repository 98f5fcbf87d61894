using Supawatch.Common;

namespace Supawatch.Stack;

/// <summary>
/// One component of the native runtime: the program to find on PATH (or Supawatch itself), its arguments and
/// environment, and the URL that answers once it is ready.
/// </summary>
/// <param name="Candidates">Program names tried on PATH in order (Debian's name first).</param>
/// <param name="Package">What to install when none is found.</param>
/// <param name="Optional">Skipped with a note when missing, instead of failing start.</param>
/// <param name="Executable">Set for Supawatch itself: the program and the arguments before the verb.</param>
/// <param name="Scrubbed">Variables removed from the inherited environment before <paramref name="Environment"/> is set, so the shell that runs start cannot change what the component runs with.</param>
/// <param name="ConfigFiles">The files it reads at start (a <c>*</c> in the file name is a pattern): a change restarts it, or reloads it when it has a <paramref name="ReloadPath"/>.</param>
/// <param name="ReloadPath">The path that reloads its configuration on POST (<c>/-/reload</c>), or null.</param>
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
    IReadOnlyList<string>? Executable = null,
    IReadOnlyList<string>? Scrubbed = null,
    IReadOnlyList<string>? ConfigFiles = null,
    string? ReloadPath = null)
{
    /// <summary>The files of <see cref="ConfigFiles"/> that exist now, patterns expanded, in a stable order.</summary>
    public IEnumerable<string> ExistingConfigFiles() =>
        (ConfigFiles ?? []).SelectMany<string, string>(f =>
        {
            var name = System.IO.Path.GetFileName(f);
            var directory = System.IO.Path.GetDirectoryName(f)!;
            return !name.Contains('*', StringComparison.Ordinal) ? (File.Exists(f) ? [f] : [])
                : Directory.Exists(directory) ? Directory.GetFiles(directory, name).Order(StringComparer.Ordinal) : [];
        });

    /// <summary>The command to run, or null when the program is not installed.</summary>
    public IReadOnlyList<string>? ResolveCommand()
    {
        if (Executable is not null)
        {
            return [.. Executable, .. Arguments];
        }

        var path = Candidates.Select(ToolPath.Find).FirstOrDefault(p => p is not null);
        return path is null ? null : [path, .. Arguments];
    }
}
