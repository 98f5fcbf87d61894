using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Health;

/// <summary>
/// Runs a round's checks with bounded concurrency and a per-check timeout. A probe that ignores its
/// cancellation still frees its slot at the timeout (plus a grace), so one hung tenant never delays the others.
/// A host that stops answering altogether is not waited on check by check: see <see cref="SilentHostBreaker"/>.
/// </summary>
public sealed class ProbeRunner(PostgresProbe postgres, HealthOptions options, ILogger<ProbeRunner>? logger = null)
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(250);

    private readonly ILogger _logger = logger ?? NullLogger<ProbeRunner>.Instance;
    private readonly StatusCodeRanges _kongUp = StatusCodeRanges.Parse(options.KongUpStatus);
    private readonly StatusCodeRanges _up = StatusCodeRanges.Parse(options.UpStatus);
    private readonly StatusCodeRanges _apiUp = StatusCodeRanges.Parse(options.ApiUpStatus);

    // What to set when no source of SUPAWATCH_API_KEY_SOURCE had the tenant's key (no comma: causes are split on ", ").
    private readonly string _noKeyFix = string.Join(" or ", options.ApiKeySourceList.Select(source => source == "masterdb"
        ? "return it as anon_key from MASTER_DB_QUERY"
        : "set SUPAWATCH_ANON_KEY_VARS to the variable of the Kong container that holds it"));

    /// <param name="restartCounts">Each container's restart count seen in the previous round, by container id.</param>
    public async Task<CheckResult[]> RunAsync(
        IReadOnlyList<HealthCheck> checks,
        IReadOnlyDictionary<string, int> restartCounts,
        CancellationToken cancellationToken)
    {
        var results = new CheckResult[checks.Count];
        var network = new List<int>();
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            if (check.Check == CheckNames.Container)
            {
                var previous = restartCounts.TryGetValue(check.Container.Id, out var count) ? count : (int?)null;
                results[i] = ToResult(check, ContainerProbe.Probe(check.Container, previous));
            }
            else if (!check.Container.IsRunning)
            {
                // The container check already says why; probing a stopped container would only wait for a timeout.
                results[i] = ToResult(check, ProbeResult.Skipped("container not running"));
            }
            else if (check.Address is null)
            {
                results[i] = ToResult(check, ProbeResult.Skipped("no published TCP port"));
            }
            else
            {
                network.Add(i);
            }
        }

        // In a random order each round, so "timed out in a row" is a random sample of an address's checks: tenants that
        // hang next to each other in the plan (one org's projects) cannot trip the breaker for the neighbours after them.
        var order = network.ToArray();
        Random.Shared.Shuffle(order);
        var breaker = new SilentHostBreaker();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(order, parallel, async (i, token) =>
        {
            var check = checks[i];
            var host = ScrapeTargets.SplitAddress(check.Address!).Host;
            ProbeResult result;
            if (breaker.IsOpen(host))
            {
                result = ProbeResult.NotTried(SilentHostBreaker.NotTriedReason);
            }
            else
            {
                var ticket = breaker.Starting();
                result = await ProbeWithinTimeoutAsync(check, token);
                if (breaker.Record(host, ticket, result.TimedOut))
                {
                    HealthLog.HostSilent(_logger, host, SilentHostBreaker.Threshold);
                }
            }

            results[i] = ToResult(check, check.Check == CheckNames.Api ? ApiReason(check, result) : result);
        });
        return results;
    }

    private async Task<ProbeResult> ProbeWithinTimeoutAsync(HealthCheck check, CancellationToken cancellationToken)
    {
        try
        {
            return await ProbeAsync(check, cancellationToken).WaitAsync(options.EffectiveTimeout + Grace, cancellationToken);
        }
        catch (TimeoutException)
        {
            return ProbeResult.NoAnswer(options.EffectiveTimeout, options.EffectiveTimeout);
        }
    }

    /// <summary>
    /// An API check's reason names the route and what a refusal means: a 401 or 403 is the key (wrong, or none found),
    /// a 404 a route Kong does not have. Only the variable the key came from is named, never the key.
    /// </summary>
    private ProbeResult ApiReason(HealthCheck check, ProbeResult result)
    {
        if (result.Status == HealthStatus.Up)
        {
            return result;
        }

        var detail = result.Reason switch
        {
            "HTTP 401" or "HTTP 403" when check.Key is null => $" (no anon key found: {_noKeyFix})",
            "HTTP 401" or "HTTP 403" => $" (anon key rejected: the key in {check.Key!.Variable} is not the one Kong expects)",
            "HTTP 404" => " (no such route in Kong)",
            _ => "",
        };
        return result with { Reason = $"{result.Reason}{detail} at {check.Path} through Kong" };
    }

    private Task<ProbeResult> ProbeAsync(HealthCheck check, CancellationToken cancellationToken)
    {
        if (check.Check == CheckNames.Api)
        {
            return HttpProbe.ProbeAsync(check.Address!, check.Path, _apiUp, options.EffectiveTimeout, cancellationToken, check.Key);
        }

        if (check.Check == CheckNames.Http)
        {
            var up = string.Equals(check.Component, "kong", StringComparison.Ordinal) ? _kongUp : _up;
            return HttpProbe.ProbeAsync(check.Address!, check.Path, up, options.EffectiveTimeout, cancellationToken);
        }

        var (host, port) = ScrapeTargets.SplitAddress(check.Address!);
        return postgres.ProbeAsync(check.Container, host, port, options.EffectiveTimeout, cancellationToken);
    }

    private static CheckResult ToResult(HealthCheck check, ProbeResult result) => new(
        check.InstanceId,
        check.Component,
        check.Check,
        result.Status,
        result.Duration,
        result.Reason,
        check.Check == CheckNames.Container ? check.Container.RestartCount : null,
        result.Connections)
    {
        Tried = result.Tried,
    };
}
