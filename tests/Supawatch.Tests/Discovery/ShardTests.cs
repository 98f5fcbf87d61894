using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.Validation;

namespace Supawatch.Tests.Discovery;

public class ShardTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Hash_IsFnv1a64_TheSameInEveryProcess(string value, ulong expected) =>
        Assert.Equal(expected, Shard.Hash(value));

    [Fact]
    public void Owns_EveryInstanceBelongsToExactlyOneReplica_AndTheSplitIsEven()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => $"{i}_app_{i * 7}").ToList();
        var shards = Enumerable.Range(0, 3).Select(i => new Shard(i, 3)).ToList();

        Assert.All(ids, id => Assert.Single(shards, s => s.Owns(id)));
        Assert.All(shards, s => Assert.InRange(ids.Count(s.Owns), 3_000, 3_700));
    }

    [Fact]
    public void Owns_TheWholeFleet_WhenNotSharded()
    {
        Assert.True(Shard.All.Owns("anything"));
        Assert.True(Shard.TryParse("", out var shard, out _) && shard.IsAll);
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("1")]
    [InlineData("-1/3")]
    [InlineData("0/0")]
    [InlineData("a/b")]
    public void Validate_BadShard_NamesSupawatchShard(string value)
    {
        var errors = ConfigurationValidator.Validate(SupawatchConfiguration.Build(null, new Dictionary<string, string> { ["SUPAWATCH_SHARD"] = value }));

        var error = Assert.Single(errors);
        Assert.StartsWith("SUPAWATCH_SHARD must be i/n", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IndexAndCount()
    {
        Assert.True(Shard.TryParse(" 2/5 ", out var shard, out var error));
        Assert.Null(error);
        Assert.Equal(new Shard(2, 5), shard);
        Assert.Equal("2/5", shard.ToString());
    }
}
