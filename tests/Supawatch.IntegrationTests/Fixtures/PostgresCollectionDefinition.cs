namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>Test classes in <c>[Collection(PostgresCollectionDefinition.Name)]</c> share one <see cref="PostgresFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollectionDefinition : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Postgres";
}
