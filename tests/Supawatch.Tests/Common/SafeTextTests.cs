using CsCheck;
using Supawatch.Common;
using Supawatch.Tests.Security;

namespace Supawatch.Tests.Common;

/// <summary>The sanitizer every concept puts outside text through before it reaches a log line or an error.</summary>
public class SafeTextTests
{
    [Fact]
    public void Printable_EscapesControlCharactersAndClips()
    {
        Assert.Equal("a?b", SafeText.Printable("a\nb"));
        Assert.Equal(201, SafeText.Printable(new string('x', 500)).Length);
    }

    [Fact]
    public void Printable_AnyText_HasNoControlCharacterAndIsBounded()
    {
        HostileText.ForAll(Gen.Frequency((1, (IGen<string>)HostileText.AnyUtf16(400)), (1, HostileText.TextOrLong())), text =>
        {
            var printable = SafeText.Printable(text);

            Assert.DoesNotContain(printable, char.IsControl);
            Assert.True(printable.Length <= 201);
        });
    }
}
