namespace Supawatch.Status;

/// <summary>
/// The page's colours in one mode. Every status colour carries white text (badges, the overall line) at 4.5:1 or
/// more, and text colours reach 4.5:1 on the background (WCAG 2.1 AA, 1.4.3); StatusStyleTests computes each ratio.
/// </summary>
public sealed record StatusPalette(
    string Background,
    string Text,
    string Muted,
    string Line,
    string Up,
    string Degraded,
    string Down,
    string Stopped,
    string Unknown)
{
    public static StatusPalette Light { get; } = new("#ffffff", "#1f2328", "#57606a", "#d0d7de", "#1a7f37", "#9a6700", "#cf222e", "#57606a", "#6e7781");

    public static StatusPalette Dark { get; } = new("#0d1117", "#e6edf3", "#9198a1", "#3d444d", "#238636", "#9e6a03", "#da3633", "#656c76", "#656c76");

    /// <summary>The status colours, which carry white text.</summary>
    public IEnumerable<(string Name, string Colour)> StatusColours =>
        [("up", Up), ("degraded", Degraded), ("down", Down), ("stopped", Stopped), ("unknown", Unknown)];

    /// <summary>The CSS custom properties of this palette.</summary>
    public string Variables =>
        $"--bg:{Background};--fg:{Text};--muted:{Muted};--line:{Line};--up:{Up};--degraded:{Degraded};--down:{Down};--stopped:{Stopped};--unknown:{Unknown}";

    /// <summary>WCAG 2.1 contrast ratio of two <c>#rrggbb</c> colours (1 to 21).</summary>
    public static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != 7 || hex[0] != '#')
        {
            throw new ArgumentException($"colour '{hex}' is not #rrggbb", nameof(hex));
        }

        double Channel(int offset)
        {
            var c = Convert.ToInt32(hex.Substring(offset, 2), 16) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
    }
}
