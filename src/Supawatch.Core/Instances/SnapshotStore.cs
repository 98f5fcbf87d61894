namespace Supawatch.Instances;

/// <summary>
/// Holds the current immutable snapshot of one producer and wakes consumers when a newer one is published.
/// One writer; readers never block it.
/// </summary>
public abstract class SnapshotStore<T>(T empty)
    where T : class
{
    private T _current = empty;
    private TaskCompletionSource _next = NewSignal();

    public T Current => Volatile.Read(ref _current);

    public void Publish(T snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
        Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();
    }

    /// <summary>Completes with the first snapshot whose version is above <paramref name="seenVersion"/>.</summary>
    public async Task<T> WaitForNewerAsync(long seenVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _next).Task;
            var current = Current;
            if (VersionOf(current) > seenVersion)
            {
                return current;
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Increases with every published snapshot.</summary>
    protected abstract long VersionOf(T snapshot);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
