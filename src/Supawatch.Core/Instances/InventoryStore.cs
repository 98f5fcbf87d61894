namespace Supawatch.Instances;

/// <summary>
/// Holds the current <see cref="InventorySnapshot"/> and tells consumers when a new one is published.
/// Discovery is the only writer; readers never block it.
/// </summary>
public sealed class InventoryStore
{
    private InventorySnapshot _current = InventorySnapshot.Empty;
    private TaskCompletionSource _next = NewSignal();

    public InventorySnapshot Current => Volatile.Read(ref _current);

    public void Publish(InventorySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
        Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();
    }

    /// <summary>Completes with the first snapshot whose version is above <paramref name="seenVersion"/>.</summary>
    public async Task<InventorySnapshot> WaitForNewerAsync(long seenVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _next).Task;
            var current = Current;
            if (current.Version > seenVersion)
            {
                return current;
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
