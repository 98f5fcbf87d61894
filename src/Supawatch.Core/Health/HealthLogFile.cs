using System.Globalization;
using System.Text;
using Supawatch.Common;
using Supawatch.Configuration;
using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>
/// <c>supabase-health.log</c>: one line per confirmed state change —
/// <c>2026-01-01T00:00:00Z instance=ID up -> down cause="kong: connection refused"</c>.
/// Appended and flushed per round, so a crash loses at most the round in flight.
/// </summary>
public sealed class HealthLogFile(string path)
{
    public const string FileName = "supabase-health.log";

    public string Path { get; } = path;

    /// <summary><c>SUPAWATCH_LOG_DIR</c>, else <c>/var/log</c> when writable, else <c>&lt;data&gt;/logs</c>.</summary>
    public static string Resolve(StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(storage.LogDir))
        {
            return System.IO.Path.Combine(storage.LogDir, FileName);
        }

        var system = System.IO.Path.Combine("/var/log", FileName);
        return CanAppend(system) ? system : System.IO.Path.Combine(storage.DataDir, "logs", FileName);
    }

    public static string Format(StatusChange change) => string.Create(CultureInfo.InvariantCulture,
        $"{change.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} instance={SafeText.Printable(change.InstanceId)} {change.From.ToLabel()} -> {change.To.ToLabel()} cause=\"{Escape(change.Cause ?? "-")}\"");

    /// <summary>Appends the changes; throws on I/O errors (the caller logs and goes on).</summary>
    public async Task AppendAsync(IReadOnlyList<StatusChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var change in changes)
        {
            text.Append(Format(change)).Append('\n');
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        await using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static string Escape(string value) =>
        SafeText.Printable(value).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    // Leaves no trace: an existing log is opened without writing, a missing one is probed with a temp file.
    private static bool CanAppend(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                using var existing = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                return true;
            }

            var probe = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, $".supawatch-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
