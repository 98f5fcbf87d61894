namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>Test classes in <c>[Collection(PodmanCollectionDefinition.Name)]</c> share one <see cref="PodmanFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PodmanCollectionDefinition : ICollectionFixture<PodmanFixture>
{
    public const string Name = "Podman";
}
