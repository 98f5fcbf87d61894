namespace Supawatch.History;

/// <summary>
/// The history store's tables. Times are Unix milliseconds (UTC); uptime is kept as counts of rounds per
/// status in hourly buckets (for the last 24 h, kept two days) and daily buckets (for 7/30/90 d and the bars).
/// </summary>
internal static class HistorySchema
{
    public const int Version = 1;

    public const string Create = """
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
        CREATE TABLE IF NOT EXISTS uptime_hourly(
          instance_id TEXT NOT NULL, bucket INTEGER NOT NULL, org_id TEXT,
          up INTEGER NOT NULL, degraded INTEGER NOT NULL, down INTEGER NOT NULL, stopped INTEGER NOT NULL, unknown INTEGER NOT NULL,
          response_ms_sum REAL NOT NULL, response_count INTEGER NOT NULL,
          PRIMARY KEY(instance_id, bucket)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS uptime_daily(
          instance_id TEXT NOT NULL, bucket INTEGER NOT NULL, org_id TEXT,
          up INTEGER NOT NULL, degraded INTEGER NOT NULL, down INTEGER NOT NULL, stopped INTEGER NOT NULL, unknown INTEGER NOT NULL,
          response_ms_sum REAL NOT NULL, response_count INTEGER NOT NULL,
          PRIMARY KEY(instance_id, bucket)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS uptime_daily_bucket ON uptime_daily(bucket);
        CREATE INDEX IF NOT EXISTS uptime_hourly_bucket ON uptime_hourly(bucket);
        """;

    /// <summary>Adds one round to a bucket; {0} is the table.</summary>
    public const string Upsert = """
        INSERT INTO {0}(instance_id, bucket, org_id, up, degraded, down, stopped, unknown, response_ms_sum, response_count)
        VALUES($id, $bucket, $org, $up, $degraded, $down, $stopped, $unknown, $ms, $count)
        ON CONFLICT(instance_id, bucket) DO UPDATE SET
          org_id = excluded.org_id,
          up = up + excluded.up, degraded = degraded + excluded.degraded, down = down + excluded.down,
          stopped = stopped + excluded.stopped, unknown = unknown + excluded.unknown,
          response_ms_sum = response_ms_sum + excluded.response_ms_sum, response_count = response_count + excluded.response_count
        """;
}
