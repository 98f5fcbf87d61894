using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
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
            var startInfo = new ProcessStartInfo(command[0], ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(startInfo);
            if (process is null)
            {
                return "?";
            }

            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(timeout.Token);
            var match = VersionPattern().Match(await stdout + await stderr);
            return match.Success ? match.Groups[1].Value : "?";
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    [GeneratedRegex(@"version\s+v?(\d+\.\d+\.\d+\S*)", RegexOptions.IgnoreCase)]
    private static partial Regex VersionPattern();
}
