namespace Supawatch.Demo;

/// <summary>What goes wrong with one simulated container, and when: from <see cref="Start"/> after the demo began, for
/// <see cref="Length"/>, again every <see cref="Period"/>.</summary>
public sealed record SimulatedFault(SimulatedFaultKind Kind, TimeSpan Start, TimeSpan Length, TimeSpan Period)
{
    public bool IsActive(TimeSpan sinceStart) =>
        sinceStart >= Start && (sinceStart - Start).Ticks % Period.Ticks < Length.Ticks;
}
