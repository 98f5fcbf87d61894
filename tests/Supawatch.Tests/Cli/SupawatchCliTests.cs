using Supawatch.Cli;

namespace Supawatch.Tests.Cli;

/// <summary>Invalid usage exits 2 (docs/cli.md) with one line naming the cause and one saying where the help is.</summary>
public sealed class SupawatchCliTests
{
    [Theory]
    [InlineData(new[] { "bogus" }, "'bogus'", "'supawatch --help'")]
    [InlineData(new[] { "discover", "--bogus" }, "'--bogus'", "'supawatch discover --help'")]
    [InlineData(new[] { "notify", "test", "--channel", "pager" }, "'pager'", "'supawatch notify test --help'")]
    [InlineData(new[] { "config", "render" }, "--out", "'supawatch config render --help'")]
    [InlineData(new string[0], "command", "'supawatch --help'")]
    public async Task RunAsync_InvalidUsage_ExitsTwoWithTheCauseAndWhereTheHelpIs(string[] args, string cause, string help)
    {
        using var errors = new StringWriter();

        var code = await SupawatchCli.RunAsync(args, errors);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(2, code);
        var lines = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(cause, lines[0], StringComparison.Ordinal);
        Assert.Contains(help, lines[1], StringComparison.Ordinal);
    }
}
