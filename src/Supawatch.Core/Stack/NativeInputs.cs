using System.Security.Cryptography;
using System.Text;

namespace Supawatch.Stack;

/// <summary>
/// What a native component was started with, as two hashes kept in <see cref="StackLayout.InputsFile"/>: of its
/// command line and environment (a change restarts it), and of the files it reads (a change reloads it when it can).
/// </summary>
internal static class NativeInputs
{
    public static string[] Of(NativeComponent component, IReadOnlyList<string> command)
    {
        var settings = new StringBuilder();
        foreach (var part in command.Concat(component.Scrubbed ?? []).Concat(component.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")))
        {
            settings.Append(part).Append('\0');
        }

        using var files = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in component.ExistingConfigFiles())
        {
            files.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
            files.AppendData(File.ReadAllBytes(file));
        }

        return [Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings.ToString()))), Convert.ToHexStringLower(files.GetHashAndReset())];
    }
}
