using System.Collections.Immutable;

namespace Supawatch.History;

/// <summary>What the history store knows of one instance: uptime windows and one entry per day, oldest first.</summary>
public sealed record InstanceHistory(string InstanceId, UptimeWindows Uptime, ImmutableArray<UptimeDay> Days);
