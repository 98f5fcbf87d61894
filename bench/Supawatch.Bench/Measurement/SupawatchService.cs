namespace Supawatch.Bench.Measurement;

/// <summary>
/// How the scenarios start <c>supawatch serve</c>: the NativeAOT binary bench/run.sh publishes (the shipped form,
/// <c>--service PATH</c>), or the JIT build beside the bench (<c>dotnet supawatch.dll</c>) when none is given.
/// </summary>
internal static class SupawatchService
{
    /// <summary>The native binary from <c>--service</c>; null: the JIT build.</summary>
    public static string? NativeBinary { get; set; }

    /// <summary>For the reports: which build the figures are of.</summary>
    public static string Build => NativeBinary is null ? "JIT (`dotnet supawatch.dll`)" : "NativeAOT (`scripts/publish.sh`)";

    /// <summary>The file to start and the arguments before <c>serve …</c>.</summary>
    public static (string File, string[] Arguments) Command(params string[] arguments) =>
        NativeBinary is { } binary
            ? (binary, arguments)
            : (DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "supawatch.dll"), .. arguments]);

    private static string DotnetHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
}
