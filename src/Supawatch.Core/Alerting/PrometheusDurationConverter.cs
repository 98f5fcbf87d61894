using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Supawatch.Alerting;

/// <summary>Writes <see cref="TimeSpan"/> values as Prometheus durations (<c>5m</c>); Supawatch never reads this YAML back.</summary>
internal sealed class PrometheusDurationConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(TimeSpan) || type == typeof(TimeSpan?);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer) =>
        throw new NotSupportedException("Generated alerting YAML is write-only.");

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        emitter.Emit(new Scalar(PrometheusDuration.Format((TimeSpan)value!)));
}
