namespace Supawatch.Health;

/// <summary>Holds the current <see cref="HealthSnapshot"/>; the health loop is the only writer.</summary>
public sealed class HealthStore
{
    private HealthSnapshot _current = HealthSnapshot.Empty;
    private TaskCompletionSource _next = NewSignal();

    public HealthSnapshot Current => Volatile.Read(ref _current);

    public void Publish(HealthSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
        Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();
    }

    /// <summary>Completes with the first snapshot whose round is above <paramref name="seenRound"/>.</summary>
    public async Task<HealthSnapshot> WaitForNewerAsync(long seenRound, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _next).Task;
            var current = Current;
            if (current.Round > seenRound)
            {
                return current;
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
