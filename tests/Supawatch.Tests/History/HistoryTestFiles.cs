namespace Supawatch.Tests.History;

/// <summary>A temp folder per test for history databases.</summary>
public sealed class HistoryTestFiles : IDisposable
{
    public HistoryTestFiles() => Directory = System.IO.Directory.CreateTempSubdirectory("supawatch-history-test-").FullName;

    public string Directory { get; }

    public string Database => Path.Combine(Directory, "history.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
