using Npgsql;
using Supawatch.Instances;

namespace Supawatch.MasterDb;

/// <summary>Reads organization, project and expected state per instance from the master database.</summary>
public sealed class MasterDbSource : IInstanceMetadataSource, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _query;
    private readonly TimeSpan _timeout;

    public MasterDbSource(NpgsqlConnectionStringBuilder connection, string? query, TimeSpan timeout)
    {
        connection.Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        connection.CommandTimeout = connection.Timeout;
        connection.ApplicationName ??= "supawatch";
        _dataSource = NpgsqlDataSource.Create(connection);
        _query = string.IsNullOrWhiteSpace(query) ? MasterDbQuery.Default : query;
        _timeout = timeout;
    }

    /// <summary>Reads every row; a row whose instance id is not a valid id is skipped.</summary>
    public async Task<IReadOnlyDictionary<string, InstanceMetadata>> ReadAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);

        await using var command = _dataSource.CreateCommand(_query);
        await using var reader = await command.ExecuteReaderAsync(timeout.Token);
        var ordinals = ColumnOrdinals(reader);
        var sloClass = OptionalOrdinal(reader, MasterDbQuery.SloClassColumn);
        var anonKey = OptionalOrdinal(reader, MasterDbQuery.AnonKeyColumn);

        var rows = new Dictionary<string, InstanceMetadata>(StringComparer.Ordinal);
        while (await reader.ReadAsync(timeout.Token))
        {
            var instanceId = Text(reader, ordinals[0]);
            if (!ContainerNameParser.IsValidId(instanceId))
            {
                continue;
            }

            rows[instanceId!] = new InstanceMetadata(
                instanceId!,
                Text(reader, ordinals[1]),
                Text(reader, ordinals[2]),
                Text(reader, ordinals[3]),
                Text(reader, ordinals[4]))
            {
                SloClass = sloClass is { } column ? Text(reader, column) : null,
                AnonKey = anonKey is { } keyColumn && Text(reader, keyColumn) is { Length: > 0 } key
                    ? new AnonKey(key.Trim(), MasterDbQuery.AnonKeySource)
                    : null,
            };
        }

        return rows;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static int[] ColumnOrdinals(NpgsqlDataReader reader)
    {
        var ordinals = new int[MasterDbQuery.Columns.Length];
        var missing = new List<string>();
        for (var i = 0; i < ordinals.Length; i++)
        {
            try
            {
                ordinals[i] = reader.GetOrdinal(MasterDbQuery.Columns[i]);
            }
            catch (IndexOutOfRangeException)
            {
                missing.Add(MasterDbQuery.Columns[i]);
            }
        }

        if (missing.Count > 0)
        {
            throw new MasterDbQueryException(
                $"the master-DB query returns no column {string.Join(", ", missing)}; MASTER_DB_QUERY must return " +
                $"{string.Join(", ", MasterDbQuery.Columns)}");
        }

        return ordinals;
    }

    private static int? OptionalOrdinal(NpgsqlDataReader reader, string name)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (string.Equals(reader.GetName(i), name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return null;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToString(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
