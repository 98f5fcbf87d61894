namespace Supawatch.Metrics;

/// <summary>Tells the renderer that a collector has new data, so scrapes see it without waiting for the next interval.</summary>
public sealed class RenderSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public Task WaitAsync() => Volatile.Read(ref _next).Task;
}
