using Npgsql;

namespace Supawatch.Metrics;

/// <summary>
/// The one connection Supawatch keeps open to a tenant database between sweeps (no pooling: exactly this one), with what
/// it was opened for, so a changed port or login opens a new one.
/// </summary>
public sealed class TenantDbSession(NpgsqlConnection connection, string address, TenantDbCredentials credentials, bool canReadWal) : IAsyncDisposable
{
    public NpgsqlConnection Connection => connection;
    public string Address => address;
    public TenantDbCredentials Credentials => credentials;
    public bool CanReadWal => canReadWal;

    public bool IsFor(string otherAddress, TenantDbCredentials other) =>
        address == otherAddress && credentials.SameAs(other) && connection.State == System.Data.ConnectionState.Open;

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
