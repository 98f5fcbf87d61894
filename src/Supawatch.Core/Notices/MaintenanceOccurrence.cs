namespace Supawatch.Notices;

/// <summary>One stretch of a window's time: the window itself, or one repetition of a recurring one. End is exclusive.</summary>
public sealed record MaintenanceOccurrence(MaintenanceWindow Window, DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset at) => at >= Start && at < End;

    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => start < End && Start < end;
}
