using Microsoft.Data.Sqlite;

namespace Supawatch.Common;

/// <summary>Parameterised SQLite commands, for the stores that keep one connection (history, notices).</summary>
public static class SqliteCommands
{
    /// <summary>A command for <paramref name="sql"/> with its named parameters; a null value is SQL NULL.</summary>
    public static SqliteCommand Command(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
