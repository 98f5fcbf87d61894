using System.Text.Json;

namespace Supawatch.IntegrationTests.Dashboards;

/// <summary>
/// One query a dashboard sends to Prometheus, with its variables filled in, and what its answer must look
/// like: <see cref="Verdict"/> returns why the <c>data</c> object falls short, or null when it is right.
/// </summary>
public sealed record PanelCheck(string Dashboard, string Panel, string RefId, string Expr, Func<JsonElement, string?> Verdict)
{
    /// <summary>Valid, with at least one series or a scalar.</summary>
    public static string? HasData(JsonElement data) => ResultCount(data) > 0 ? null : "returned no data";

    /// <summary>Valid; no data is fine (a panel that only shows what went wrong).</summary>
    public static string? IsValid(JsonElement data) => null;

    public static int ResultCount(JsonElement data) =>
        data.GetProperty("result").ValueKind == JsonValueKind.Array ? data.GetProperty("result").GetArrayLength() : 1;

    public string Describe(string problem) => $"{Dashboard} / {Panel} [{RefId}] {Expr}: {problem}";
}
