using System.Collections.Immutable;
using Supawatch.Cli;
using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Tests.Cli;

/// <summary>
/// Colour only for a person at a terminal (issue 26): never redirected, never with <c>NO_COLOR</c> set, never on a
/// dumb terminal; and a painted table keeps the plain table's alignment (the escape codes take no room on screen).
/// </summary>
public sealed class TerminalColourTests
{
    [Theory]
    [InlineData(true, false, null, "xterm-256color", true)]
    [InlineData(true, false, "", "xterm", true)]
    [InlineData(true, false, "1", "xterm", false)]
    [InlineData(true, true, null, "xterm", false)]
    [InlineData(false, false, null, "xterm", false)]
    [InlineData(true, false, null, "dumb", false)]
    public void Colours_OnlyOnAnUnredirectedConsoleWithoutNoColor(bool isConsole, bool redirected, string? noColor, string? term, bool expected) =>
        Assert.Equal(expected, Terminal.Colours(isConsole, redirected, noColor, term));

    [Fact]
    public void Colours_ForAWriterThatIsNotTheConsole_IsOff()
    {
        using var writer = new StringWriter();
        Assert.False(Terminal.Colours(writer));
    }

    [Fact]
    public void HealthTable_Painted_SameTextAndAlignmentOnceTheEscapesAreRemoved()
    {
        var health = new HealthSnapshot
        {
            Instances =
            [
                Instance("acme_1", HealthStatus.Up),
                Instance("acme_22", HealthStatus.Down),
                Instance("beta_3", HealthStatus.Degraded),
            ],
        };
        using var plain = new StringWriter();
        using var painted = new StringWriter();

        HealthTable.Write(health, plain, colour: false);
        HealthTable.Write(health, painted, colour: true);

        Assert.DoesNotContain('\u001b', plain.ToString());
        Assert.Contains("\u001b[31mdown", painted.ToString(), StringComparison.Ordinal);
        Assert.Contains("\u001b[32mup", painted.ToString(), StringComparison.Ordinal);
        Assert.Equal(plain.ToString(), System.Text.RegularExpressions.Regex.Replace(painted.ToString(), "\u001b\\[[0-9]+m", ""));
    }

    private static InstanceHealth Instance(string id, HealthStatus status) =>
        new(id, "org", "Org", "project", status, status, DateTimeOffset.UnixEpoch, status == HealthStatus.Up ? null : "kong: HTTP 503", ImmutableArray<ComponentHealth>.Empty);
}
