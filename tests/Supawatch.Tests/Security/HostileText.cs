using System.Globalization;
using System.Text.Json;
using CsCheck;

namespace Supawatch.Tests.Security;

/// <summary>
/// Generators of hostile text for the property tests, and a deterministic runner. Text is biased towards what
/// breaks formats — quotes, backslashes, line breaks, NUL and other controls, template and markup syntax,
/// separators, label-injection fragments — mixed with any Unicode scalar value (non-Latin, RTL overrides,
/// supplementary planes).
/// </summary>
public static class HostileText
{
    /// <summary>The seed CI uses; set <c>SUPAWATCH_PROPERTY_SEED</c> (hex) to explore others.</summary>
    public const ulong DefaultSeed = 0x5EED_C0FF_EE15_2026;

    private const string Breakers = "\"'\\\n\r\t\0{}[]<>&=,:;#|%$`!*@ -_./?\u0085\u2028\u202E\uFEFF";

    private static readonly string[] Fragments =
    [
        "x\",org_id=\"1", "\"}", "{{ .Foo }}", "{{", "}}", "{{ template \"x\" }}", "$labels", "<script>alert(1)</script>",
        "# HELP fake_metric x\nfake_metric 1", "\r\n", "\\\"", "\\n", "'; DROP TABLE x; --", "javascript:", "${x}", "%s%n",
        "- item", ": value", "&anchor", "*alias", "!!binary", "---", "...", "? ", "~", "null", "true", "0x1F", "1e3",
    ];

    /// <summary>One Unicode scalar value (never a lone surrogate), as a string of one or two UTF-16 units.</summary>
    public static readonly Gen<string> Scalar = Gen.Frequency(
        (5, (IGen<string>)Gen.Char[Breakers].Select(c => c.ToString())),
        (4, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (2, Gen.Int[0x80, 0xD7FF].Select(char.ConvertFromUtf32)),
        (1, Gen.Int[0xE000, 0x10FFFF].Select(char.ConvertFromUtf32)),
        (1, Gen.Int[0, 0x1F].Select(char.ConvertFromUtf32)),
        (1, Gen.OneOf(Fragments)));

    /// <summary>Hostile text of up to <paramref name="maxParts"/> scalars or fragments.</summary>
    public static Gen<string> Text(int maxParts = 24) => Scalar.Array[0, maxParts].Select(string.Concat);

    /// <summary>Like <see cref="Text"/>, now and then very long (up to 10 KB).</summary>
    public static Gen<string> TextOrLong(int maxParts = 24) => Gen.Frequency(
        (9, (IGen<string>)Text(maxParts)),
        (1, Gen.Select(Text(4), Gen.Int[257, 10 * 1024]).Select(Repeat)));

    private static string Repeat(string text, int length)
    {
        var unit = text.Length == 0 ? "A" : text;
        var repeated = string.Concat(Enumerable.Repeat(unit, length / unit.Length + 1))[..length];
        return char.IsHighSurrogate(repeated[^1]) ? repeated[..^1] : repeated;
    }

    /// <summary>Any UTF-16 string at all, lone surrogates included: for code that must merely not throw.</summary>
    public static Gen<string> AnyUtf16(int maxLength = 64) => Gen.Frequency(
        (1, (IGen<char>)Gen.Char[char.MinValue, char.MaxValue]),
        (1, Gen.Char[Breakers])).Array[0, maxLength].Select(chars => new string(chars));

    /// <summary>
    /// Runs <paramref name="property"/> on <paramref name="iterations"/> values drawn from a fixed seed, so CI sees
    /// the same cases every run; a failure names the seed, the iteration and the value (JSON-escaped).
    /// </summary>
    public static void ForAll<T>(Gen<T> gen, Action<T> property, int iterations = 300)
    {
        var seed = Seed();
        var pcg = new PCG(1, seed);
        for (var i = 0; i < iterations; i++)
        {
            var value = gen.Generate(pcg, null, out _);
            try
            {
                property(value);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException(
                    $"property failed at iteration {i} with SUPAWATCH_PROPERTY_SEED={seed:X} for {Show(value)}:\n{ex.Message}", ex);
            }
        }
    }

    public static string Show<T>(T value)
    {
        var json = JsonSerializer.Serialize(value);
        return json.Length > 600 ? json[..600] + "…" : json;
    }

    private static ulong Seed() =>
        Environment.GetEnvironmentVariable("SUPAWATCH_PROPERTY_SEED") is { Length: > 0 } hex
            ? ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : DefaultSeed;
}
