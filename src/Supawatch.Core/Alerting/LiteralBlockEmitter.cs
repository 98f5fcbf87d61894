using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace Supawatch.Alerting;

/// <summary>
/// Multi-line strings (PromQL, message templates) as <c>|</c> blocks, so the files read like hand-written ones. Only
/// text a block carries unchanged qualifies: a block turns CR, NEL and the Unicode line separators into line feeds,
/// cannot hold control characters, and needs care with leading or trailing blanks. Any other text with a line
/// break or control character (a hostile configuration value, say) is written double-quoted, with escapes.
/// </summary>
internal sealed class LiteralBlockEmitter(IEventEmitter nextEmitter) : ChainedEventEmitter(nextEmitter)
{
    public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
    {
        if (eventInfo.Source.Value is string text && text.Contains('\n', StringComparison.Ordinal) && IsBlockSafe(text))
        {
            eventInfo.Style = ScalarStyle.Literal;
        }
        else if (eventInfo.Source.Value is string other && other.Any(IsBreakOrControl))
        {
            // Left to itself the emitter may fold such text (`>-`), which rewrites CR and NEL as line feeds.
            eventInfo.Style = ScalarStyle.DoubleQuoted;
        }

        base.Emit(eventInfo, emitter);
    }

    internal static bool IsBlockSafe(string text) =>
        !text.StartsWith(' ')
        && !text.Contains(" \n", StringComparison.Ordinal)
        && !text.EndsWith(' ')
        && text.All(c => c == '\n' || !IsBreakOrControl(c));

    private static bool IsBreakOrControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF';
}
