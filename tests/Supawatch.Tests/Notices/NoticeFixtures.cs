using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Supawatch.Instances;
using Supawatch.Notices;

namespace Supawatch.Tests.Notices;

/// <summary>A fleet of three instances (two organizations, two hosts), a fake clock and a board on a temp history file.</summary>
public sealed class NoticeFixtures : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    public NoticeFixtures()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("supawatch-notices-test-").FullName;
        Inventory.Publish(Fleet);
        Board = NewBoard();
    }

    public string Directory { get; }

    public string Database => Path.Combine(Directory, "history.db");

    public FakeTimeProvider Time { get; } = new(Now);

    public InventoryStore Inventory { get; } = new();

    public NoticeBoard Board { get; private set; }

    public static InventorySnapshot Fleet { get; } = new()
    {
        Version = 1,
        TakenAt = Now,
        Instances =
        [
            Member("a_app_1", "org-a", "h1", "Storefront"),
            Member("a_app_2", "org-a", "h2", null),
            Member("b_app_1", "org-b", "h2", "Billing"),
        ],
    };

    /// <summary>A second board on the same file: what a restarted service sees.</summary>
    public NoticeBoard Restart()
    {
        Board.Dispose();
        Board = NewBoard();
        return Board;
    }

    public void Dispose()
    {
        Board.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private NoticeBoard NewBoard() => new(Database, Inventory, Time, NullLogger<NoticeBoard>.Instance);

    // Project names that do not contain the id, so a test can tell that a hidden id is really absent.
    private static Instance Member(string id, string org, string host, string? project) => new()
    {
        InstanceId = id,
        Metadata = new InstanceMetadata(id, org, org.ToUpperInvariant(), project, "running"),
        Host = host,
    };
}
