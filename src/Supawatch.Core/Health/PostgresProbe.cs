using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;
using Supawatch.Instances;
using Supawatch.Metrics;

namespace Supawatch.Health;

/// <summary>
/// A tenant database check. With a login for the database — the <c>_db</c> container's own <c>POSTGRES_*</c>, or the
/// <c>SUPAWATCH_DB_*</c> variables over it (<see cref="TenantDbLogins"/>) — it runs <c>SELECT 1</c> and counts connections:
/// in <c>serve</c> through the tenant database collector's kept connection, so the monitor never holds two; with no kept
/// connection there (not swept yet, or the database at its limit), or in the one-shot <c>health</c> command, it asks for
/// the protocol's answer as below. Without a login it sends the protocol's SSLRequest and requires a real answer byte
/// ('S', 'N' or an 'E' error message): a port that accepts TCP and says nothing is down. That takes no connection slot.
/// </summary>
/// <param name="logins">The tenant databases' logins; null: protocol answers only.</param>
/// <param name="collector">The collector whose kept connections the probe reads through (serve); null opens a short
/// connection of its own (the one-shot health command, which holds nothing between rounds).</param>
public sealed class PostgresProbe(TenantDbLogins? logins = null, TenantDbCollector? collector = null)
{
    // SSLRequest: length 8, then the magic code 80877103 (1234 << 16 | 5679).
    private const int SslRequestCode = 80877103;

    private const string SelectOne = "SELECT 1, (SELECT count(*) FROM pg_stat_activity)";

    /// <summary>A check without a container (its login cannot be read): the global variables' login, else the protocol answer.</summary>
    public Task<ProbeResult> ProbeAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken) =>
        ProbeAsync(null, host, port, timeout, cancellationToken);

    /// <param name="db">The tenant's <c>_db</c> container, whose login and kept connection the probe uses.</param>
    public async Task<ProbeResult> ProbeAsync(ContainerInfo? db, string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            if (collector is not null && db is not null)
            {
                return await KeptAsync(db, started, limit.Token) ?? await ProtocolAsync(host, port, started, limit.Token);
            }

            var login = logins is null ? null
                : db is null ? TenantDbCredentials.Resolve(logins.Options, null)
                : await logins.ForAsync(db, limit.Token);
            return login is null
                ? await ProtocolAsync(host, port, started, limit.Token)
                : await SelectOneAsync(host, port, login, timeout, started, limit.Token);
        }
        catch (PostgresException ex)
        {
            return ProbeResult.Down(Stopwatch.GetElapsedTime(started), "PostgreSQL error " + ex.SqlState);
        }
        catch (Exception ex)
        {
            var timedOut = limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            return ProbeResult.Failed(Stopwatch.GetElapsedTime(started), ex, timeout, timedOut);
        }
    }

    /// <summary><c>SELECT 1</c> on the collector's kept connection; null when it keeps none or it fails (the protocol answer decides then).</summary>
    private async Task<ProbeResult?> KeptAsync(ContainerInfo db, long started, CancellationToken cancellationToken)
    {
        if (collector!.KeptFor(db.InstanceId, db.Id) is not { } session)
        {
            return null;
        }

        try
        {
            return await session.UseAsync((connection, ct) => SelectOneAsync(connection, started, ct), cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Closed or lost meanwhile: the next sweep replaces it; this round asks the server itself.
            return null;
        }
    }

    private static async Task<ProbeResult> ProtocolAsync(string host, int port, long started, CancellationToken cancellationToken)
    {
        var (connected, error) = await TcpConnector.ConnectAsync(host, port, cancellationToken);
        if (connected is null)
        {
            // Timed out or cancelled: ProbeAsync's catch words it as every other probe's.
            cancellationToken.ThrowIfCancellationRequested();
            return ProbeResult.Down(Stopwatch.GetElapsedTime(started), ProbeFailures.Socket(error));
        }

        using var socket = connected;
        var request = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(request, 8);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), SslRequestCode);
        await socket.SendAsync(request, SocketFlags.None, cancellationToken);
        var answer = new byte[1];
        var read = await socket.ReceiveAsync(answer, SocketFlags.None, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return read == 0
            ? ProbeResult.Down(elapsed, "connection closed without a PostgreSQL answer")
            : answer[0] switch
            {
                (byte)'S' or (byte)'N' => ProbeResult.Up(elapsed, "PostgreSQL protocol answer"),
                (byte)'E' => ProbeResult.Up(elapsed, "PostgreSQL answered with an error"),
                _ => ProbeResult.Down(elapsed, "not a PostgreSQL answer"),
            };
    }

    private static async Task<ProbeResult> SelectOneAsync(string host, int port, TenantDbCredentials login, TimeSpan timeout, long started, CancellationToken cancellationToken)
    {
        var builder = login.ConnectionString(host, port, timeout, "supawatch-health");
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return await SelectOneAsync(connection, started, cancellationToken);
    }

    private static async Task<ProbeResult> SelectOneAsync(NpgsqlConnection connection, long started, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectOne, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.GetInt32(0) != 1)
        {
            return ProbeResult.Down(Stopwatch.GetElapsedTime(started), "SELECT 1 returned no row");
        }

        return ProbeResult.Up(Stopwatch.GetElapsedTime(started), "SELECT 1", reader.GetInt64(1));
    }
}
