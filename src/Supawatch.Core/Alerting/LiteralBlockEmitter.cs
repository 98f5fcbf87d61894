using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace Supawatch.Alerting;

/// <summary>Multi-line strings (PromQL, message templates) as <c>|</c> blocks, so the files read like hand-written ones.</summary>
internal sealed class LiteralBlockEmitter(IEventEmitter nextEmitter) : ChainedEventEmitter(nextEmitter)
{
    public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
    {
        if (eventInfo.Source.Value is string text && text.Contains('\n', StringComparison.Ordinal))
        {
            eventInfo.Style = ScalarStyle.Literal;
        }

        base.Emit(eventInfo, emitter);
    }
}
