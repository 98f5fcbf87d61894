namespace Supawatch.Stack;

/// <summary>The <c>uid:gid</c> of this process, read from <c>/proc/self/status</c>.</summary>
public static class PosixUser
{
    public static string Current()
    {
        string Field(string name) =>
            File.Exists("/proc/self/status")
                ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))
                    ?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "0"
                : "0";
        return $"{Field("Uid")}:{Field("Gid")}";
    }
}
