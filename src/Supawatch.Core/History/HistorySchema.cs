namespace Supawatch.History;

/// <summary>
/// The history store's tables. Times are Unix milliseconds (UTC); uptime is kept as counts of rounds per
/// status in hourly buckets (for the last 24 h, kept two days) and daily buckets (for 7/30/90 d and the bars).
/// </summary>
internal static class HistorySchema
{
    public const int Version = 2;

    /// <summary>The hourly and the daily uptime table hold the same counts, in buckets of a different size.</summary>
    private const string UptimeColumns = """

            instance_id TEXT NOT NULL, bucket INTEGER NOT NULL, org_id TEXT,
            up INTEGER NOT NULL, degraded INTEGER NOT NULL, down INTEGER NOT NULL, stopped INTEGER NOT NULL, unknown INTEGER NOT NULL,
            response_ms_sum REAL NOT NULL, response_count INTEGER NOT NULL,
            slo_bad INTEGER NOT NULL DEFAULT 0, slo_counted INTEGER NOT NULL DEFAULT 0, slo_class TEXT,
            PRIMARY KEY(instance_id, bucket)) WITHOUT ROWID;
        """;

    public const string Create = $$"""
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS transitions(
          id INTEGER PRIMARY KEY,
          instance_id TEXT NOT NULL,
          at INTEGER NOT NULL,
          old_status TEXT NOT NULL,
          new_status TEXT NOT NULL,
          cause TEXT);
        CREATE INDEX IF NOT EXISTS transitions_at ON transitions(at);
        CREATE INDEX IF NOT EXISTS transitions_instance ON transitions(instance_id, id);
        CREATE TABLE IF NOT EXISTS incidents(
          id INTEGER PRIMARY KEY,
          instance_id TEXT NOT NULL,
          org_id TEXT,
          started_at INTEGER NOT NULL,
          ended_at INTEGER,
          cause TEXT);
        CREATE INDEX IF NOT EXISTS incidents_open ON incidents(instance_id) WHERE ended_at IS NULL;
        CREATE INDEX IF NOT EXISTS incidents_started ON incidents(started_at);
        CREATE TABLE IF NOT EXISTS uptime_hourly({{UptimeColumns}}
        CREATE TABLE IF NOT EXISTS uptime_daily({{UptimeColumns}}
        CREATE INDEX IF NOT EXISTS uptime_daily_bucket ON uptime_daily(bucket);
        CREATE INDEX IF NOT EXISTS uptime_hourly_bucket ON uptime_hourly(bucket);
        """;

    /// <summary>
    /// Version 1 stores had no error-budget counters: each uptime table gains them, filled from the statuses (down bad;
    /// up and degraded good), the closest the old rows can say; rounds written from now on count the raw checks.
    /// {0} is the table.
    /// </summary>
    public const string AddSloColumns = """
        ALTER TABLE {0} ADD COLUMN slo_bad INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE {0} ADD COLUMN slo_counted INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE {0} ADD COLUMN slo_class TEXT;
        UPDATE {0} SET slo_bad = down, slo_counted = up + degraded + down;
        """;

    /// <summary>Adds one round to a bucket; {0} is the table.</summary>
    public const string Upsert = """
        INSERT INTO {0}(instance_id, bucket, org_id, up, degraded, down, stopped, unknown, response_ms_sum, response_count, slo_bad, slo_counted, slo_class)
        VALUES($id, $bucket, $org, $up, $degraded, $down, $stopped, $unknown, $ms, $count, $slo_bad, $slo_counted, $slo_class)
        ON CONFLICT(instance_id, bucket) DO UPDATE SET
          org_id = excluded.org_id, slo_class = excluded.slo_class, slo_bad = slo_bad + excluded.slo_bad, slo_counted = slo_counted + excluded.slo_counted,
          up = up + excluded.up, degraded = degraded + excluded.degraded, down = down + excluded.down,
          stopped = stopped + excluded.stopped, unknown = unknown + excluded.unknown,
          response_ms_sum = response_ms_sum + excluded.response_ms_sum, response_count = response_count + excluded.response_count
        """;
}
