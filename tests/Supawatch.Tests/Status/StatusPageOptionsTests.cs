using Microsoft.Extensions.Configuration;
using Supawatch.Status;
using Supawatch.Validation;

namespace Supawatch.Tests.Status;

public sealed class StatusPageOptionsTests
{
    [Fact]
    public void Load_Nothing_PublicOverviewWithIds()
    {
        var errors = new List<string>();

        var options = StatusPageOptions.Load(Configuration([]), errors);

        Assert.Empty(errors);
        Assert.Equal(StatusPageOptions.Public, options.Overview);
        Assert.False(options.HideIds);
    }

    [Fact]
    public void Load_OffAndHidden_Read()
    {
        var options = StatusPageOptions.Load(Configuration(new() { ["StatusPage:Overview"] = " Off ", ["StatusPage:HideIds"] = "true" }), []);

        Assert.Equal(StatusPageOptions.Off, options.Overview);
        Assert.True(options.HideIds);
    }

    [Fact]
    public void Validate_BadValues_NameTheVariableAndTheFix()
    {
        var errors = ConfigurationValidator.Validate(Configuration(new() { ["StatusPage:Overview"] = "private", ["StatusPage:HideIds"] = "yes please" }));

        Assert.Contains(errors, e => e.StartsWith("SUPAWATCH_STATUS_OVERVIEW: 'private' is not public, operator or off", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SUPAWATCH_STATUS_HIDE_IDS: 'yes please' is not true or false", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OperatorWithoutCredentials_SaysWhichToSet()
    {
        var without = ConfigurationValidator.Validate(Configuration(new() { ["StatusPage:Overview"] = "operator" }));
        var with = ConfigurationValidator.Validate(Configuration(new() { ["StatusPage:Overview"] = "operator", ["Auth:Token"] = "s3cret-token-value" }));

        Assert.Contains(without, e => e.Contains("SUPAWATCH_STATUS_OVERVIEW: operator needs operator credentials; set SUPAWATCH_AUTH_TOKEN_FILE", StringComparison.Ordinal));
        Assert.DoesNotContain(with, e => e.Contains("SUPAWATCH_STATUS_OVERVIEW", StringComparison.Ordinal));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
