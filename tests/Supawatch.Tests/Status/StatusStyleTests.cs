using Supawatch.Status;

namespace Supawatch.Tests.Status;

/// <summary>WCAG 2.1 AA contrast (1.4.3) of the page's colours, computed, in both modes; axe checks the rendered pages.</summary>
public sealed class StatusStyleTests
{
    public static TheoryData<string> Modes() => ["light", "dark"];

    [Theory]
    [MemberData(nameof(Modes))]
    public void Palette_WhiteOnEveryStatusColour_AtLeast4Point5(string mode)
    {
        var palette = mode == "light" ? StatusPalette.Light : StatusPalette.Dark;

        var failing = palette.StatusColours
            .Select(c => (c.Name, Ratio: StatusPalette.Contrast("#ffffff", c.Colour)))
            .Where(c => c.Ratio < 4.5)
            .ToList();

        Assert.True(failing.Count == 0, string.Join(", ", failing.Select(f => $"{f.Name} {f.Ratio:0.00}:1")));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Palette_TextAndMutedTextOnBackground_AtLeast4Point5(string mode)
    {
        var palette = mode == "light" ? StatusPalette.Light : StatusPalette.Dark;

        Assert.True(StatusPalette.Contrast(palette.Text, palette.Background) >= 7);
        Assert.True(StatusPalette.Contrast(palette.Muted, palette.Background) >= 4.5, $"muted {StatusPalette.Contrast(palette.Muted, palette.Background):0.00}:1");
    }

    [Fact]
    public void Contrast_KnownPairs_MatchTheWcagFormula()
    {
        Assert.Equal(21.0, StatusPalette.Contrast("#000000", "#ffffff"), 3);
        Assert.Equal(1.0, StatusPalette.Contrast("#777777", "#777777"), 3);
        // The old page's white on #1f9d55 ("up") measured 3.5:1, below AA.
        Assert.Equal(3.49, StatusPalette.Contrast("#ffffff", "#1f9d55"), 2);
    }

    [Fact]
    public void Css_DarkModeFollowsTheSystemWithItsOwnPalette()
    {
        Assert.Contains("@media (prefers-color-scheme:dark){:root{" + StatusPalette.Dark.Variables + "}}", StatusStyle.Css, StringComparison.Ordinal);
        Assert.Contains("color-scheme:light dark", StatusStyle.Css, StringComparison.Ordinal);
    }
}
