using Npgsql;
using Supawatch.MasterDb;

namespace Supawatch.Tests.MasterDb;

public class MasterDbErrorsTests
{
    private const string Url = "postgresql://monitor:***@db:5432/master";

    [Theory]
    [InlineData("57P01", "MASTER_DB_URL")]
    [InlineData("08006", "MASTER_DB_URL")]
    [InlineData("53300", "MASTER_DB_URL")]
    [InlineData("28P01", "user and password in MASTER_DB_URL")]
    [InlineData("42P01", "MASTER_DB_QUERY")]
    [InlineData("42703", "MASTER_DB_QUERY")]
    public void Describe_NamesTheVariableThatFixesIt(string sqlState, string expected)
    {
        var error = new PostgresException("message", "FATAL", "FATAL", sqlState);

        var described = MasterDbErrors.Describe(error, Url);

        Assert.Contains(expected, described, StringComparison.Ordinal);
        Assert.Contains(sqlState, described, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Timeout_NamesTheRedactedUrl()
    {
        Assert.Contains(Url, MasterDbErrors.Describe(new TimeoutException(), Url), StringComparison.Ordinal);
    }
}
