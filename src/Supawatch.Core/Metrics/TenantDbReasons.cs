using System.Net.Sockets;
using Npgsql;

namespace Supawatch.Metrics;

/// <summary>Why a tenant database could not be read: the <c>reason</c> of <c>/api/v1/instances</c> and of <c>supabase_database_up</c>'s neighbours.</summary>
public static class TenantDbReasons
{
    public const string NoCredentials = "no_credentials";
    public const string NoPort = "no_published_port";
    /// <summary>The login was refused: a wrong password, or none where the server wants one.</summary>
    public const string Auth = "auth";
    public const string Timeout = "timeout";
    public const string Refused = "refused";
    public const string TooManyConnections = "too_many_connections";
    public const string AtLimit = "at_limit";
    public const string Starting = "starting";
    public const string ShuttingDown = "shutting_down";
    public const string NoDatabase = "no_database";
    public const string Permission = "permission";
    public const string Docker = "docker";
    public const string Error = "error";

    /// <summary>Every reason, for bounded label values and the docs.</summary>
    public static IReadOnlyList<string> All { get; } =
        [NoCredentials, NoPort, Auth, Timeout, Refused, TooManyConnections, AtLimit, Starting, ShuttingDown, NoDatabase, Permission, Docker, Error];

    public static string Of(Exception ex) => ex switch
    {
        OperationCanceledException or TimeoutException => Timeout,
        NpgsqlException { InnerException: TimeoutException } => Timeout,
        PostgresException { SqlState: "28P01" or "28000" } => Auth,
        PostgresException { SqlState: "53300" } => TooManyConnections,
        // 57P03 cannot_connect_now: starting up, in recovery without hot standby, or shutting down.
        PostgresException { SqlState: "57P03" } => Starting,
        PostgresException { SqlState: "57P01" or "57P02" } => ShuttingDown,
        PostgresException { SqlState: "3D000" } => NoDatabase,
        PostgresException { SqlState: "42501" } => Permission,
        NpgsqlException { InnerException: SocketException } => Refused,
        NpgsqlException { InnerException: System.IO.EndOfStreamException or System.IO.IOException } => Refused,
        // Npgsql's own words when the server asks for a password and none was given (there is no SQLSTATE: nothing was sent).
        NpgsqlException { Message: var message } when message.StartsWith("No password has been provided", StringComparison.Ordinal) => Auth,
        _ => Error,
    };
}
