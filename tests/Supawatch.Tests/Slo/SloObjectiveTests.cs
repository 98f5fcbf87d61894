using System.Text;
using Microsoft.Extensions.Configuration;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Metrics;
using Supawatch.Slo;
using Supawatch.Tests.Discovery;
using Supawatch.Validation;

namespace Supawatch.Tests.Slo;

/// <summary>Which objective an instance takes, the series the rules read it from, and the checks on configured objectives.</summary>
public sealed class SloObjectiveTests
{
    private static readonly SloOptions Options = new()
    {
        Objective = 99.9,
        Organizations = new(StringComparer.Ordinal) { ["vip"] = 99.95 },
        Classes = new(StringComparer.Ordinal) { ["free"] = 99.5 },
    };

    [Theory]
    [InlineData(null, null, 99.9, "default")]
    [InlineData("o1", "pro", 99.9, "default")]
    [InlineData("o1", "free", 99.5, "class")]
    [InlineData("vip", "free", 99.95, "organization")]
    public void For_OrganizationOverClassOverDefault(string? org, string? sloClass, double percent, string source)
    {
        var objective = SloObjective.For(Options, org, sloClass);

        Assert.Equal((percent, source), (objective.Percent, objective.Source));
        Assert.Equal(1 - percent / 100, objective.Budget, 12);
    }

    [Fact]
    public void Write_EveryInstance_ItsObjectiveAsARatio_WithClassAndSource()
    {
        var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var store = new InventoryStore();
        store.Publish(InventoryBuilder.Build(
            [InventoryBuilderTests.Container("i1", "kong"), InventoryBuilderTests.Container("i2", "kong"), InventoryBuilderTests.Container("i3", "kong")],
            new Dictionary<string, InstanceMetadata>
            {
                ["i1"] = new("i1", "o1", "Acme", "Shop", "active") { SloClass = "free" },
                ["i2"] = new("i2", "vip", "Big", "Bank", "active") { SloClass = "free" },
            },
            ["kong"], [], 1, now, true));

        using var stream = new MemoryStream();
        using (var writer = new ExpositionWriter(stream))
        {
            new SloSeries(store, Options).Write(writer);
        }

        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("supabase_slo_objective{instance_id=\"i1\",org_id=\"o1\",slo_class=\"free\",objective=\"99.5\",objective_source=\"class\"} 0.995", text, StringComparison.Ordinal);
        Assert.Contains("supabase_slo_objective{instance_id=\"i2\",org_id=\"vip\",slo_class=\"free\",objective=\"99.95\",objective_source=\"organization\"} 0.9995", text, StringComparison.Ordinal);
        Assert.Contains("supabase_slo_objective{instance_id=\"i3\",org_id=\"\",slo_class=\"\",objective=\"99.9\",objective_source=\"default\"} 0.999", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Slo:Objective", "100")]
    [InlineData("Slo:Objective", "0")]
    [InlineData("Slo:Objective", "99,9")]
    [InlineData("Slo:Classes:free", "101")]
    [InlineData("Slo:Organizations:o1", "nines")]
    public void Validate_ObjectiveOutsideZeroToHundred_IsRefusedNamingIt(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Single(ConfigurationValidator.Validate(configuration), e => e.Contains("availability objective", StringComparison.Ordinal));

        Assert.StartsWith(key == "Slo:Objective" ? "SUPAWATCH_SLO_OBJECTIVE" : key, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OrdinaryObjectives_Pass()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [new("Slo:Objective", "99.9"), new("Slo:Classes:free", "99.5"), new("Slo:Organizations:o1", "99.95")]).Build();

        Assert.DoesNotContain(ConfigurationValidator.Validate(configuration), e => e.Contains("availability objective", StringComparison.Ordinal));
    }
}
