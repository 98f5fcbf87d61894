namespace Supawatch.Alerting;

/// <summary>A node of Alertmanager's routing tree (<c>route:</c> and its <c>routes:</c>).</summary>
public sealed record AlertmanagerRoute
{
    public string? Receiver { get; init; }
    public IReadOnlyList<string> GroupBy { get; init; } = [];
    public TimeSpan? GroupWait { get; init; }
    public TimeSpan? GroupInterval { get; init; }
    public TimeSpan? RepeatInterval { get; init; }

    /// <summary>Matchers such as <c>severity="critical"</c>; see <see cref="Matcher"/>.</summary>
    public IReadOnlyList<string> Matchers { get; init; } = [];

    /// <summary>Written only when true: keep looking at sibling routes after this one matched.</summary>
    public bool? Continue { get; init; }

    public IReadOnlyList<AlertmanagerRoute> Routes { get; init; } = [];
}
