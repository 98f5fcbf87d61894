using Supawatch.Discovery;
using Supawatch.Instances;

namespace Supawatch.Tests.Instances;

public class ContainerNameParserTests
{
    private readonly ContainerNameParser _parser = new(new DiscoveryOptions().ComponentList);

    [Theory]
    [InlineData("123_app_456_kong", "123_app_456", "kong")]
    [InlineData("/123_app_456_studio", "123_app_456", "studio")]
    [InlineData("123_app_456_db", "123_app_456", "db")]
    [InlineData("tenant-7.prod_supavisor", "tenant-7.prod", "supavisor")]
    [InlineData("a_b_c_realtime", "a_b_c", "realtime")]
    public void Parse_SeedShapedName_SplitsInstanceAndComponent(string name, string instanceId, string component)
    {
        var identity = _parser.Parse(name, labels: null, out var reason);

        Assert.Equal(new ContainerIdentity(instanceId, component), identity);
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("prometheus")]
    [InlineData("123_app_456_unknowncomponent")]
    [InlineData("kong")]
    [InlineData("123_app_456kong")]
    public void Parse_NotATenantContainer_ReturnsNullWithoutComplaint(string name)
    {
        Assert.Null(_parser.Parse(name, labels: null, out var reason));
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("_kong")]
    [InlineData("-x_kong")]
    public void Parse_TenantSuffixWithInvalidInstanceId_SaysWhy(string name)
    {
        Assert.Null(_parser.Parse(name, labels: null, out var reason));
        Assert.Contains("not a valid instance id", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValidLabels_WinOverTheName()
    {
        var labels = new Dictionary<string, string>
        {
            [ContainerNameParser.InstanceIdLabel] = "org1_proj2",
            [ContainerNameParser.ComponentLabel] = "kong",
        };

        var identity = _parser.Parse("whatever-name", labels, out var reason);

        Assert.Equal(new ContainerIdentity("org1_proj2", "kong"), identity);
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("x\",org_id=\"1")]
    [InlineData("line\nbreak")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("")]
    public void Parse_HostileLabel_FallsBackToTheNameAndSaysWhy(string hostile)
    {
        var labels = new Dictionary<string, string>
        {
            [ContainerNameParser.InstanceIdLabel] = hostile,
            [ContainerNameParser.ComponentLabel] = "kong",
        };

        var identity = _parser.Parse("123_app_456_kong", labels, out var reason);

        Assert.Equal(new ContainerIdentity("123_app_456", "kong"), identity);
        Assert.Contains(ContainerNameParser.InstanceIdLabel, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HostileLabelAndUnparseableName_IsNotATenant()
    {
        var labels = new Dictionary<string, string> { [ContainerNameParser.InstanceIdLabel] = "a\nb" };

        Assert.Null(_parser.Parse("random", labels, out var reason));
        Assert.NotNull(reason);
    }

    [Fact]
    public void Parse_ConfiguredComponents_AreTheOnlySuffixes()
    {
        var parser = new ContainerNameParser(["gateway"]);

        Assert.Equal(new ContainerIdentity("t1", "gateway"), parser.Parse("t1_gateway", null, out _));
        Assert.Null(parser.Parse("t1_kong", null, out _));
    }

    [Fact]
    public void IsValidId_RejectsOverlongIds()
    {
        Assert.True(ContainerNameParser.IsValidId(new string('a', ContainerNameParser.MaxIdLength)));
        Assert.False(ContainerNameParser.IsValidId(new string('a', ContainerNameParser.MaxIdLength + 1)));
    }
}
