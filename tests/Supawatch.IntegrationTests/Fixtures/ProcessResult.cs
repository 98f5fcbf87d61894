namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>What a finished command printed and how it exited.</summary>
/// <param name="Command">The command line, for messages.</param>
public sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>A readable account of the run, for failure messages.</summary>
    public string Describe() =>
        $"'{Command}' exited {ExitCode}.\n--- stdout ---\n{StandardOutput.TrimEnd()}\n--- stderr ---\n{StandardError.TrimEnd()}";
}
