namespace Supawatch.Notices;

/// <summary>A silence as Alertmanager's v2 API reads and writes it (<c>/api/v2/silences</c>); fields it adds are ignored.</summary>
public sealed record AlertmanagerSilence
{
    public string? Id { get; init; }
    public IReadOnlyList<AlertmanagerMatcher> Matchers { get; init; } = [];
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public string Comment { get; init; } = "";
    public AlertmanagerSilenceStatus? Status { get; init; }
}
