using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace Supawatch.Health;

/// <summary>
/// A tenant database check. Without credentials it sends the protocol's SSLRequest and requires a real
/// answer byte ('S', 'N' or an 'E' error message): a port that accepts TCP and says nothing is down.
/// With credentials it runs <c>SELECT 1</c> and counts connections.
/// </summary>
public sealed class PostgresProbe(string? user, string? password, string database)
{
    // SSLRequest: length 8, then the magic code 80877103 (1234 << 16 | 5679).
    private const int SslRequestCode = 80877103;

    public async Task<ProbeResult> ProbeAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return string.IsNullOrEmpty(user)
                ? await ProtocolAsync(host, port, started, limit.Token)
                : await SelectOneAsync(host, port, timeout, started, limit.Token);
        }
        catch (PostgresException ex)
        {
            return ProbeResult.Down(Stopwatch.GetElapsedTime(started), "PostgreSQL error " + ex.SqlState);
        }
        catch (Exception ex)
        {
            var timedOut = limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            return ProbeResult.Down(Stopwatch.GetElapsedTime(started), ProbeFailures.Describe(ex, timeout, timedOut));
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

    private async Task<ProbeResult> SelectOneAsync(string host, int port, TimeSpan timeout, long started, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = user,
            Password = password,
            Database = database,
            Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
            // One short connection per round: a pool would hold connections on every tenant between rounds.
            Pooling = false,
            ApplicationName = "supawatch-health",
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1, (SELECT count(*) FROM pg_stat_activity)", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.GetInt32(0) != 1)
        {
            return ProbeResult.Down(Stopwatch.GetElapsedTime(started), "SELECT 1 returned no row");
        }

        return ProbeResult.Up(Stopwatch.GetElapsedTime(started), "SELECT 1", reader.GetInt64(1));
    }
}
