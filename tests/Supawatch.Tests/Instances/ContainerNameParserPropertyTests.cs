using CsCheck;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Tests.Security;

namespace Supawatch.Tests.Instances;

/// <summary>
/// Properties of the container name parser over generated names and labels (fixed seed, see
/// <see cref="HostileText"/>): it never throws, only ever yields ids of Docker's alphabet, round-trips every valid
/// <c>&lt;instance_id&gt;_&lt;component&gt;</c> name and refuses, with a printable reason, every malformed one.
/// </summary>
public class ContainerNameParserPropertyTests
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static readonly IReadOnlyList<string> Components = new DiscoveryOptions().ComponentList;
    private static readonly ContainerNameParser Parser = new(Components);

    /// <summary>A valid instance id: an alphanumeric first character, then Docker's name alphabet, 1–128 in all.</summary>
    private static readonly Gen<string> ValidId =
        Gen.Select(Gen.Char[Alphanumeric], Gen.Char[IdAlphabet].Array[0, ContainerNameParser.MaxIdLength - 1])
            .Select((first, rest) => first + new string(rest));

    private static readonly Gen<string> Component = Gen.OneOf(Components.ToArray());

    /// <summary>Names that look like tenants, names that do not, and any UTF-16 at all.</summary>
    private static readonly Gen<string> AnyName = Gen.Frequency(
        (2, (IGen<string>)HostileText.AnyUtf16()),
        (2, Gen.Select(HostileText.Text(), Component).Select((text, component) => $"{text}_{component}")),
        (1, Gen.Select(ValidId, Component).Select((id, component) => $"/{id}_{component}")),
        (1, HostileText.TextOrLong()));

    private static readonly Gen<Dictionary<string, string>?> AnyLabels = Gen.Frequency(
        (1, (IGen<Dictionary<string, string>?>)Gen.Const((Dictionary<string, string>?)null)),
        (3, Gen.Select(Gen.Int[0, 3], HostileText.TextOrLong(), HostileText.AnyUtf16(), ValidId, Component)
            .Select((shape, id, component, validId, validComponent) => (Dictionary<string, string>?)(shape switch
            {
                0 => new() { [ContainerNameParser.InstanceIdLabel] = id },
                1 => new() { [ContainerNameParser.InstanceIdLabel] = id, [ContainerNameParser.ComponentLabel] = component },
                2 => new() { [ContainerNameParser.InstanceIdLabel] = validId, [ContainerNameParser.ComponentLabel] = component },
                _ => new() { [ContainerNameParser.InstanceIdLabel] = id, [ContainerNameParser.ComponentLabel] = validComponent },
            }))));

    [Fact]
    public void Parse_AnyNameAndLabels_NeverThrowsAndYieldsOnlyValidIdsAndPrintableReasons()
    {
        HostileText.ForAll(Gen.Select(AnyName, AnyLabels), input =>
        {
            var (name, labels) = input;

            var identity = Parser.Parse(name, labels, out var reason);

            if (identity is { } parsed)
            {
                Assert.True(ContainerNameParser.IsValidId(parsed.InstanceId), $"instance id {HostileText.Show(parsed.InstanceId)}");
                Assert.True(ContainerNameParser.IsValidId(parsed.Component), $"component {HostileText.Show(parsed.Component)}");
            }

            if (reason is not null)
            {
                Assert.DoesNotContain(reason, char.IsControl);
                Assert.True(reason.Length < 1024, $"reason of {reason.Length} characters");
            }
        }, iterations: 2000);
    }

    [Fact]
    public void Parse_ValidIdAndKnownComponent_RoundTrips()
    {
        HostileText.ForAll(Gen.Select(ValidId, Component, Gen.Bool), input =>
        {
            var (id, component, slash) = input;

            var identity = Parser.Parse((slash ? "/" : "") + $"{id}_{component}", labels: null, out var reason);

            Assert.Equal(new ContainerIdentity(id, component), identity);
            Assert.Null(reason);
        }, iterations: 1000);
    }

    [Fact]
    public void Parse_ValidLabelPair_WinsOverAnyName()
    {
        HostileText.ForAll(Gen.Select(ValidId, ValidId, AnyName), input =>
        {
            var (id, component, name) = input;
            var labels = new Dictionary<string, string> { [ContainerNameParser.InstanceIdLabel] = id, [ContainerNameParser.ComponentLabel] = component };

            Assert.Equal(new ContainerIdentity(id, component), Parser.Parse(name, labels, out var reason));
            Assert.Null(reason);
        });
    }

    [Fact]
    public void Parse_InstanceIdWithACharacterOutsideTheAlphabet_IsRefusedWithAReason()
    {
        var outside = HostileText.Scalar.Where(s => s.Any(c => !IdAlphabet.Contains(c, StringComparison.Ordinal)));
        HostileText.ForAll(Gen.Select(ValidId, Gen.Int[0, 200], outside, Component), input =>
        {
            var (id, at, bad, component) = input;
            var hostileId = id.Insert(Math.Min(at, id.Length), bad);

            var identity = Parser.Parse($"{hostileId}_{component}", labels: null, out var reason);

            Assert.Null(identity);
            Assert.NotNull(reason);
            Assert.Contains("not a valid instance id", reason, StringComparison.Ordinal);
        }, iterations: 1000);
    }

    [Fact]
    public void Parse_InstanceIdStartingWithAPunctuationMarkOrTooLong_IsRefused()
    {
        var malformed = Gen.Frequency(
            (1, (IGen<string>)Gen.Select(Gen.Char["_.-"], ValidId).Select((first, id) => first + id)),
            (1, Gen.Select(ValidId, Gen.Char[IdAlphabet].Array[ContainerNameParser.MaxIdLength, 300]).Select((id, more) => id + new string(more))));
        HostileText.ForAll(Gen.Select(malformed, Component), input =>
        {
            var (id, component) = input;

            Assert.Null(Parser.Parse($"{id}_{component}", labels: null, out var reason));
            Assert.NotNull(reason);
        });
    }

    [Fact]
    public void Parse_HostileLabelsOnAValidName_FallBackToTheNameAndSayWhy()
    {
        var invalid = HostileText.TextOrLong().Where(text => !ContainerNameParser.IsValidId(text));
        HostileText.ForAll(Gen.Select(invalid, ValidId, Component, Gen.Bool), input =>
        {
            var (hostile, id, component, hostileIsId) = input;
            var labels = new Dictionary<string, string>
            {
                [ContainerNameParser.InstanceIdLabel] = hostileIsId ? hostile : id,
                [ContainerNameParser.ComponentLabel] = hostileIsId ? component : hostile,
            };

            Assert.Equal(new ContainerIdentity(id, component), Parser.Parse($"{id}_{component}", labels, out var reason));
            Assert.Contains(ContainerNameParser.InstanceIdLabel, reason, StringComparison.Ordinal);
        });
    }
}
