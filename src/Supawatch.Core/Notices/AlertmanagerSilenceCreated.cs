namespace Supawatch.Notices;

/// <summary>Alertmanager's answer to a new silence.</summary>
public sealed record AlertmanagerSilenceCreated(string SilenceID);
