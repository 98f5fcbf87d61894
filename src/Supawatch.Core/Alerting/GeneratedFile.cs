namespace Supawatch.Alerting;

/// <summary>The outcome of writing one generated file: written (perhaps unvalidated) or refused with the validator's words.</summary>
public sealed record GeneratedFile(string Path, bool Written, string? Error = null, string? Warning = null);
