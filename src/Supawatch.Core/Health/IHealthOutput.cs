namespace Supawatch.Health;

/// <summary>
/// Receives every finished round before it is published (status.json and the status page's document, for now).
/// Declared here and implemented by the concept that consumes rounds, so health never depends on its consumers.
/// An output reports its own failures and does not throw: it never stops the round.
/// </summary>
public interface IHealthOutput
{
    Task WriteAsync(HealthSnapshot health, CancellationToken cancellationToken);
}
