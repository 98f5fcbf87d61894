using System.Reflection;

namespace Supawatch.Metrics;

/// <summary>
/// What was built and how it runs, for <c>supawatch_build_info</c> and <c>--version</c>: the version and the git commit
/// the SDK writes into the informational version (<c>1.0.0+&lt;sha&gt;</c>), and the runtime (<c>nativeaot</c> for the
/// shipped binary, <c>jit</c> under <c>dotnet run</c>) with .NET's version.
/// </summary>
public static class BuildInfo
{
    private static readonly string Informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static string Version { get; } = Informational.Split('+')[0];

    /// <summary>The git commit built, or <c>unknown</c> when the build had no repository.</summary>
    public static string Revision { get; } = Informational.Contains('+', StringComparison.Ordinal) ? Informational[(Informational.IndexOf('+', StringComparison.Ordinal) + 1)..] : "unknown";

    // Not RuntimeFeature.IsDynamicCodeSupported: a project with PublishAot turns that off under the JIT too, to
    // emulate the native build. A NativeAOT process has compiled no method at run time; a JIT one has.
    public static string Runtime { get; } = (System.Runtime.JitInfo.GetCompiledMethodCount() > 0 ? "jit/" : "nativeaot/") + Environment.Version;
}
