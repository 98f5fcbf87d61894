namespace Supawatch.Server;

/// <summary>Which of the two listeners a connection came in on.</summary>
public enum Listener
{
    Metrics,
    Status,
}
