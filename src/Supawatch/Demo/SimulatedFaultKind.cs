namespace Supawatch.Demo;

public enum SimulatedFaultKind
{
    /// <summary>The HTTP endpoint answers 503 (Kong) or 500 (Studio).</summary>
    HttpError,

    /// <summary>The container exits (137) and the engine restarts it when the fault ends.</summary>
    Crash,

    /// <summary>The database accepts TCP and never answers.</summary>
    Silent,
}
