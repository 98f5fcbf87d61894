using System.Globalization;
using static Supawatch.Alerting.AlertSignals;

namespace Supawatch.Alerting;

/// <summary>
/// The <c>supabase-databases</c> rule group: a tenant database down, full, holding a transaction open, near wraparound,
/// deadlocking or growing fast. Thresholds from <see cref="AlertingOptions"/> (docs/alerting.md justifies the defaults);
/// every rule goes through <see cref="AlertSignals.ForTenants"/>.
/// </summary>
internal static class DatabaseRules
{
    public static RuleGroup Build(AlertingOptions options, AlertRules.RuleFactory rule, string tenant, string dashboard)
    {
        var percent = Number(options.DbConnectionsPercent);
        var transaction = Number(options.DbTransactionAge.TotalSeconds);
        var wraparound = options.DbWraparoundAge.ToString(CultureInfo.InvariantCulture);
        var deadlocks = options.DbDeadlocks.ToString(CultureInfo.InvariantCulture);
        var growth = options.DbGrowthBytesPerHour.ToString(CultureInfo.InvariantCulture);
        return new RuleGroup("supabase-databases",
        [
            rule(AlertNames.DatabaseDown, Severity.Critical, ForTenants(DatabaseDown, AlertNames.DatabaseDown), TimeSpan.FromMinutes(2),
                "Database of {{ $labels.instance_id }} is down while its container runs",
                $"{tenant}: its _db container runs but PostgreSQL has not answered for more than 2 minutes (timed out, refused, starting or shutting down); /api/v1/instances shows the reason.", dashboard),
            rule(AlertNames.DatabaseConnectionsHigh, Severity.Warning, ForTenants($"{DatabaseConnectionsPercent} > {percent}", AlertNames.DatabaseConnectionsHigh), TimeSpan.FromMinutes(5),
                "Database of {{ $labels.instance_id }} uses {{ $value | printf \"%.0f\" }}% of its connections",
                $"{tenant}: more than {percent}% of the usable connections (max_connections less the reserved ones) have been in use for more than 5 minutes; new clients will soon be refused.", dashboard),
            rule(AlertNames.DatabaseLongTransaction, Severity.Warning, ForTenants($"{DatabaseOldestTransaction} > {transaction}", AlertNames.DatabaseLongTransaction), TimeSpan.FromMinutes(2),
                "A transaction in the database of {{ $labels.instance_id }} has been open {{ $value | humanizeDuration }}",
                $"{tenant}: a client transaction has been open for more than {transaction} s; it holds back vacuum and may hold locks. Find it in pg_stat_activity (xact_start).", dashboard),
            rule(AlertNames.DatabaseWraparound, Severity.Warning, ForTenants($"{DatabaseWraparoundAge} > {wraparound}", AlertNames.DatabaseWraparound), TimeSpan.FromMinutes(10),
                "Transaction-ID age of the database of {{ $labels.instance_id }} is {{ $value | humanize }}",
                $"{tenant}: age(datfrozenxid) is above {wraparound}; PostgreSQL stops accepting writes near 2.1 billion. Vacuum is not keeping up (a long transaction, an abandoned replication slot or prepared transaction?).", dashboard),
            rule(AlertNames.DatabaseDeadlocks, Severity.Warning, ForTenants($"{DatabaseDeadlocks} > {deadlocks}", AlertNames.DatabaseDeadlocks), null,
                "{{ $value }} deadlocks in the database of {{ $labels.instance_id }} in 15 minutes",
                $"{tenant}: PostgreSQL broke more than {deadlocks} deadlocks in the last 15 minutes; the application takes locks in conflicting orders.", dashboard),
            rule(AlertNames.DatabaseGrowingFast, Severity.Warning, ForTenants($"{DatabaseGrowth} > {growth}", AlertNames.DatabaseGrowingFast), TimeSpan.FromMinutes(15),
                "Database of {{ $labels.instance_id }} grew {{ $value | humanize1024 }}B in an hour",
                $"{tenant}: the database has grown more than {growth} bytes an hour for more than 15 minutes.", dashboard),
        ]);
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
