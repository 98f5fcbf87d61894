namespace Supawatch.Status;

/// <summary>The overview's search (<c>?q=</c>, organization and project names and ids) and <c>?show=problems</c>.</summary>
public sealed record StatusFilter(string? Query, bool ProblemsOnly)
{
    /// <summary>Longer searches are cut: a name is never this long, and the page echoes the search.</summary>
    public const int MaxQueryLength = 100;

    public static StatusFilter None { get; } = new(null, false);

    public bool IsEmpty => string.IsNullOrEmpty(Query) && !ProblemsOnly;

    public static StatusFilter From(string? query, string? show)
    {
        var q = query?.Trim();
        if (q is { Length: > MaxQueryLength })
        {
            q = q[..MaxQueryLength];
        }

        return new StatusFilter(string.IsNullOrEmpty(q) ? null : q, string.Equals(show, "problems", StringComparison.OrdinalIgnoreCase));
    }

    /// <param name="includeIds">Match instance ids too (never on a page that hides them).</param>
    public bool Matches(StatusOrganization organization, bool includeIds)
    {
        ArgumentNullException.ThrowIfNull(organization);
        if (ProblemsOnly && StatusViews.Rank(organization.Status) > StatusViews.Rank(Instances.HealthStatus.Unknown))
        {
            return false;
        }

        if (Query is null)
        {
            return true;
        }

        return Contains(organization.OrgName) || Contains(organization.OrgId)
            || organization.Instances.Any(i => Contains(i.ProjectName) || (includeIds && Contains(i.InstanceId)));
    }

    private bool Contains(string? value) => value is not null && value.Contains(Query!, StringComparison.OrdinalIgnoreCase);
}
