using System.Text.Json.Serialization;

namespace Supawatch.Slo;

/// <summary>The SLO report's types, described at build time (<c>slo report --json</c>).</summary>
[JsonSerializable(typeof(SloReport))]
public sealed partial class SloReportJsonContext : JsonSerializerContext;
