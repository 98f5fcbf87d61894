using System.Reflection;
using System.Text.RegularExpressions;
using Supawatch.Common;
using Supawatch.Stack;

namespace Supawatch.Cli;

/// <summary>A component's version for <c>stack status</c>: <c>PROGRAM --version</c>, or this assembly's for Supawatch.</summary>
internal static partial class ComponentVersion
{
    public static async Task<string> ReadAsync(NativeComponent component, IReadOnlyList<string> command)
    {
        if (component.Name == StackComponents.Supawatch)
        {
            var version = typeof(ComponentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            return version.Split('+')[0];
        }

        try
        {
            var outcome = await BoundedProcess.RunAsync(command[0], ["--version"], TimeSpan.FromSeconds(5), CancellationToken.None);
            var match = VersionPattern().Match(outcome.Output);
            return match.Success ? match.Groups[1].Value : "?";
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    [GeneratedRegex(@"version\s+v?(\d+\.\d+\.\d+\S*)", RegexOptions.IgnoreCase)]
    private static partial Regex VersionPattern();
}
