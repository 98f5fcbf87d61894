namespace Supawatch.Notices;

/// <summary>One label matcher of a silence: an exact match unless <see cref="IsRegex"/>.</summary>
public sealed record AlertmanagerMatcher(string Name, string Value, bool IsRegex = false, bool IsEqual = true);
