using Microsoft.Data.Sqlite;
using Supawatch.Common;
using Supawatch.Instances;

namespace Supawatch.History;

/// <summary>
/// One prepared upsert per uptime table for a whole round: preparing 2,000 upserts one by one was most of a
/// 1,000-instance round's history write.
/// </summary>
internal static class UptimeUpsert
{
    public static readonly string Hourly = HistorySchema.Upsert.Replace("{0}", "uptime_hourly", StringComparison.Ordinal);
    public static readonly string Daily = HistorySchema.Upsert.Replace("{0}", "uptime_daily", StringComparison.Ordinal);

    public static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, long bucket)
    {
        var command = connection.Command(sql, ("$bucket", bucket));
        command.Transaction = transaction;
        foreach (var name in (ReadOnlySpan<string>)["$id", "$org", "$up", "$degraded", "$down", "$stopped", "$unknown", "$ms", "$count", "$slo_bad", "$slo_counted", "$slo_class"])
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    public static void Run(SqliteCommand command, HistorySample sample)
    {
        var values = command.Parameters;
        values["$id"].Value = sample.InstanceId;
        values["$org"].Value = (object?)sample.OrgId ?? DBNull.Value;
        values["$up"].Value = sample.Status == HealthStatus.Up ? 1 : 0;
        values["$degraded"].Value = sample.Status == HealthStatus.Degraded ? 1 : 0;
        values["$down"].Value = sample.Status == HealthStatus.Down ? 1 : 0;
        // A maintenance round is planned downtime: counted with the rounds stopped on purpose, never charged to uptime.
        values["$stopped"].Value = sample.Status is HealthStatus.Stopped or HealthStatus.Maintenance ? 1 : 0;
        values["$unknown"].Value = sample.Status == HealthStatus.Unknown ? 1 : 0;
        values["$ms"].Value = sample.ResponseMs ?? 0.0;
        values["$count"].Value = sample.ResponseMs is null ? 0 : 1;
        values["$slo_bad"].Value = sample.Slo == SloEvent.Bad ? 1 : 0;
        values["$slo_counted"].Value = sample.Slo == SloEvent.None ? 0 : 1;
        values["$slo_class"].Value = (object?)sample.SloClass ?? DBNull.Value;
        command.ExecuteNonQuery();
    }
}
