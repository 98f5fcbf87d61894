namespace Supawatch.Cli;

/// <summary>Process exit codes, documented in docs/cli.md (section "Exit codes").</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>
    /// Something checked is down, a source failed (Docker or the master DB), a listener could not bind, or a
    /// tool rejected a file; details on stderr.
    /// </summary>
    public const int Failed = 1;

    /// <summary>The configuration is invalid; every error was printed with the variable to fix.</summary>
    public const int BadConfiguration = 2;

    /// <summary>The command line is invalid (unknown verb or flag, missing argument): the same code as a bad configuration.</summary>
    public const int Usage = 2;
}
