using System.Globalization;
using Npgsql;
using Supawatch.Targets;

namespace Supawatch.Metrics;

/// <summary>
/// The one connection Supawatch keeps open to a tenant database between sweeps (no pooling: exactly this one), with what
/// it was opened for, so a changed port or login opens a new one. The sweep and the health probe both use it, one at a
/// time (<see cref="UseAsync{T}"/>): the probe never opens a second connection beside it.
/// </summary>
public sealed class TenantDbSession(NpgsqlConnection connection, string address, TenantDbCredentials credentials, bool canReadWal, string containerId)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private bool _disposed;

    public NpgsqlConnection Connection => connection;
    public string Address => address;
    public TenantDbCredentials Credentials => credentials;
    public bool CanReadWal => canReadWal;

    /// <summary>The <c>_db</c> container it reads.</summary>
    public string ContainerId => containerId;

    /// <summary>The server process behind the connection (<c>pg_stat_activity.pid</c>).</summary>
    public int BackendPid { get; } = connection.ProcessID;

    /// <summary>
    /// Opens the connection to <paramref name="address"/> (no pooling, keep-alive on) and reads what the login may see; the
    /// server ends any statement slower than <paramref name="timeout"/> itself, so a stuck read never holds a tenant's locks for long.
    /// </summary>
    public static async Task<TenantDbSession> OpenAsync(string address, TenantDbCredentials credentials, string containerId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (host, port) = ScrapeTargets.SplitAddress(address);
        var builder = credentials.ConnectionString(host, port, timeout, "supawatch");
        builder.TcpKeepAlive = true;
        // The server ends a slow read itself; a stuck catalog read never holds a tenant's locks for long.
        builder.Options = "-c statement_timeout=" + ((int)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var prelude = new NpgsqlCommand(TenantDbQuery.Prelude, connection);
            var canReadWal = await prelude.ExecuteScalarAsync(cancellationToken) is true;
            return new TenantDbSession(connection, address, credentials, canReadWal, containerId);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public bool IsFor(string otherAddress, TenantDbCredentials other) =>
        address == otherAddress && credentials.SameAs(other) && connection.State == System.Data.ConnectionState.Open;

    /// <summary>Runs <paramref name="use"/> on the connection when it is this caller's turn.</summary>
    /// <exception cref="ObjectDisposedException">The session was closed meanwhile.</exception>
    public async Task<T> UseAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> use, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await use(connection, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Closes the connection once no one is using it (a user's own timeout bounds the wait).</summary>
    public async ValueTask DisposeAsync()
    {
        await _turn.WaitAsync();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                await connection.DisposeAsync();
            }
        }
        finally
        {
            _turn.Release();
        }
    }
}
