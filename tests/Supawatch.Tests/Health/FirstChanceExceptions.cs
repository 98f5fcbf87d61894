namespace Supawatch.Tests.Health;

/// <summary>
/// The exceptions thrown (caught or not) while one piece of async work runs, told apart from other tests' by an
/// <see cref="AsyncLocal{T}"/> that flows with the work.
/// </summary>
public static class FirstChanceExceptions
{
    private static readonly AsyncLocal<List<string>?> Current = new();

    static FirstChanceExceptions()
    {
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            if (Current.Value is { } seen)
            {
                lock (seen)
                {
                    seen.Add(e.Exception.GetType().Name + ": " + e.Exception.Message);
                }
            }
        };
    }

    public static async Task<(T Result, List<string> Thrown)> CountAsync<T>(Func<Task<T>> work)
    {
        var seen = new List<string>();
        Current.Value = seen;
        try
        {
            var result = await work();
            lock (seen)
            {
                return (result, [.. seen]);
            }
        }
        finally
        {
            Current.Value = null;
        }
    }
}
