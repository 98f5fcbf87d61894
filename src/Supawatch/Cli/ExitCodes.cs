namespace Supawatch.Cli;

/// <summary>Process exit codes, documented in docs/cli.md.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something checked is down or a source failed (details on stderr).</summary>
    public const int Failed = 1;

    /// <summary>The configuration is invalid; every error was printed with the variable to fix.</summary>
    public const int BadConfiguration = 2;
}
