using Supawatch.Alerting;

namespace Supawatch.Stack;

/// <summary>Everything <see cref="StackSetup"/> renders from.</summary>
/// <param name="Grafana">The shipped <c>grafana/</c> tree (may be empty).</param>
/// <param name="BuildContext">The repository holding the Dockerfile, when known.</param>
/// <param name="Credentials">Supawatch's operator credentials (<c>SUPAWATCH_AUTH_*</c>), which Prometheus must send.</param>
/// <param name="Variables">The seed variables to record (<see cref="RecordedVariables"/>), secrets included; the public ones are also in <see cref="StackSettings.Variables"/>.</param>
public sealed record StackSetupInput(
    StackSettings Settings,
    StackOptions Options,
    AlertingOptions Alerting,
    TimeSpan ScrapeInterval,
    IReadOnlyList<GrafanaAsset> Grafana,
    string? BuildContext = null,
    ScrapeCredentials? Credentials = null,
    IReadOnlyDictionary<string, string>? Variables = null);
