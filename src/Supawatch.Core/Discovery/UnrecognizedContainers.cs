using Microsoft.Extensions.Logging;

namespace Supawatch.Discovery;

/// <summary>Logs each container discovery could not place once per run (up to 10,000 names), whichever host saw it.</summary>
internal sealed class UnrecognizedContainers
{
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public void Report(IReadOnlyDictionary<string, string> unrecognized, ILogger logger)
    {
        lock (_reported)
        {
            foreach (var (name, why) in unrecognized)
            {
                if (_reported.Count < 10_000 && _reported.Add(name))
                {
                    DiscoveryLog.Unrecognized(logger, name, why);
                }
            }
        }
    }
}
