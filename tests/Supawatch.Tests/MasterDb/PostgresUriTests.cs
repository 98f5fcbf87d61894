using Supawatch.MasterDb;

namespace Supawatch.Tests.MasterDb;

public class PostgresUriTests
{
    [Fact]
    public void TryParse_SeedUri_ReadsEveryPart()
    {
        Assert.True(PostgresUri.TryParse("postgresql://user:p%40ss@db.example:6543/master?sslmode=require", out var b, out var error));

        Assert.Null(error);
        Assert.Equal("db.example", b.Host);
        Assert.Equal(6543, b.Port);
        Assert.Equal("master", b.Database);
        Assert.Equal("user", b.Username);
        Assert.Equal("p@ss", b.Password);
        Assert.Equal(Npgsql.SslMode.Require, b.SslMode);
    }

    [Fact]
    public void TryParse_NoPortNoDatabase_UsesPostgresDefaults()
    {
        Assert.True(PostgresUri.TryParse("postgres://u@127.0.0.1", out var b, out _));

        Assert.Equal(5432, b.Port);
        Assert.Equal("postgres", b.Database);
    }

    [Theory]
    [InlineData("http://user:secret@host/db", "postgresql://")]
    [InlineData("not a uri", "postgresql://")]
    [InlineData("postgresql://user:secret@host/db?bogus=1", "unsupported parameter")]
    [InlineData("", "empty")]
    public void TryParse_Malformed_ExplainsWithoutTheSecret(string url, string expected)
    {
        Assert.False(PostgresUri.TryParse(url, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_HidesThePassword()
    {
        var redacted = PostgresUri.Redact("postgresql://admin:hunter2@10.0.0.5:5432/master");

        Assert.Equal("postgresql://admin:***@10.0.0.5:5432/master", redacted);
    }
}
