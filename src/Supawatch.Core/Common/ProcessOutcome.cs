namespace Supawatch.Common;

/// <summary>What a <see cref="BoundedProcess"/> run printed (stdout then stderr) and how it ended.</summary>
/// <param name="TimedOut">The command ran past its time limit, or the caller cancelled, and it was killed with its children; <paramref name="ExitCode"/> is then -1.</param>
public sealed record ProcessOutcome(int ExitCode, string Output, bool TimedOut);
