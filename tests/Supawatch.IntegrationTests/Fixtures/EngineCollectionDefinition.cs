namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// Test classes in <c>[Collection(EngineCollectionDefinition.Name)]</c> share one real Docker Engine (<see cref="DockerEngineFixture"/>,
/// the engine every engine-backed test runs on) and one podman (<see cref="PodmanFixture"/>, for the tests that show where
/// the two engines differ, and a second kind of host in a fleet). The collection runs its classes one after another, so
/// a test may stop or kill either engine and start it again; each test removes the containers it made (by name),
/// never "everything". Fixtures/README.md says how a new test gets an engine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EngineCollectionDefinition : ICollectionFixture<DockerEngineFixture>, ICollectionFixture<PodmanFixture>
{
    public const string Name = "Engines";
}
