using Npgsql;
using Supawatch.Common;

namespace Supawatch.MasterDb;

/// <summary>Says what went wrong with the master database without ever echoing its password.</summary>
public static class MasterDbErrors
{
    public static string Describe(Exception ex, string redactedUrl) => ex switch
    {
        MasterDbQueryException query => $"master DB: {query.Message}",
        PostgresException { SqlState: ['2', '8', ..] } auth =>
            $"master DB at {redactedUrl} refused the login ({auth.SqlState}): {Clip(auth.MessageText)}; check the user and password in MASTER_DB_URL",
        PostgresException { SqlState: ['0', '8', ..] or ['5', '3', ..] or ['5', '7', ..] } gone =>
            $"master DB at {redactedUrl} is unavailable ({gone.SqlState}): {Clip(gone.MessageText)}; check that it runs and MASTER_DB_URL",
        PostgresException pg => $"master DB query failed ({pg.SqlState}): {Clip(pg.MessageText)}; check MASTER_DB_QUERY and the schema in docs/master-db.md",
        OperationCanceledException or TimeoutException => $"master DB at {redactedUrl} did not answer in time; check that it runs and MASTER_DB_URL",
        NpgsqlException npgsql => $"cannot reach the master DB at {redactedUrl}: {Clip(npgsql.GetBaseException().Message)}; check MASTER_DB_URL",
        _ => $"master DB at {redactedUrl}: {Clip(ex.GetBaseException().Message)}",
    };

    private static string Clip(string text) => SafeText.Printable(text);
}
