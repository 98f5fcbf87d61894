using Prometheus;

namespace Supawatch.Stack;

/// <summary>
/// The native runtime's supervision on Supawatch's <c>/metrics</c>, when Supawatch runs in a stack folder
/// (<c>SUPAWATCH_STACK_DIR</c>, which the native runtime sets): each supervised component's restarts and whether it is
/// in a crash loop, read from <c>run/&lt;component&gt;.state</c> each time the exposition is prepared (a few small files).
/// </summary>
public sealed class StackSupervisionMetrics
{
    private static readonly string[] Supervised = [StackComponents.Prometheus, StackComponents.Alertmanager, StackComponents.NodeExporter, StackComponents.Grafana, StackComponents.Supawatch];

    private readonly StackLayout _layout;
    private readonly Counter _restarts;
    private readonly Gauge _crashLoop;
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private StackSupervisionMetrics(CollectorRegistry registry, StackLayout layout)
    {
        _layout = layout;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _restarts = factory.CreateCounter("supawatch_stack_component_restarts_total",
            "Restarts of a native stack component by its supervisor after it died (docs/stack.md, Supervision).", "component");
        _crashLoop = factory.CreateGauge("supawatch_stack_component_crash_loop",
            "1 when the component's supervisor gave up after repeated crashes and left it down, else 0.", "component");
        registry.AddBeforeCollectCallback(Refresh);
    }

    /// <summary>Adds the series to <paramref name="registry"/> when <paramref name="stackDirectory"/> is set; null otherwise.</summary>
    public static StackSupervisionMetrics? Register(CollectorRegistry registry, string? stackDirectory) =>
        string.IsNullOrWhiteSpace(stackDirectory) ? null : new(registry, new StackLayout(stackDirectory));

    private void Refresh()
    {
        lock (_lock)
        {
            foreach (var component in Supervised)
            {
                if (SupervisorState.Read(_layout.StateFile(component)) is not { } state)
                {
                    continue;
                }

                // The count starts again at 0 when `stack start` starts the component afresh: the counter only adds.
                var before = _seen.GetValueOrDefault(component);
                _restarts.WithLabels(component).Inc(state.Restarts >= before ? state.Restarts - before : state.Restarts);
                _seen[component] = state.Restarts;
                _crashLoop.WithLabels(component).Set(state.State == ComponentStates.CrashLoop ? 1 : 0);
            }
        }
    }
}
