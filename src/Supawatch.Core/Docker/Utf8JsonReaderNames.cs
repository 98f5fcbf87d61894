using System.Text;
using System.Text.Json;

namespace Supawatch.Docker;

internal static class Utf8JsonReaderNames
{
    /// <summary>Whether the property name is <paramref name="name"/> in any casing, as the serializer's <c>PropertyNameCaseInsensitive</c> matched it.</summary>
    public static bool NameIs(ref this Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader is { HasValueSequence: false, ValueIsEscaped: false }
            ? Ascii.EqualsIgnoreCase(reader.ValueSpan, name)
            : Ascii.EqualsIgnoreCase(Encoding.UTF8.GetBytes(reader.GetString()!), name);
}
