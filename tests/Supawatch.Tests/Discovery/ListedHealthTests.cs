using Supawatch.Discovery;

namespace Supawatch.Tests.Discovery;

/// <summary>
/// A cached inspect is kept only while the list's status still says its health (a missed health event heals on the next
/// list); a health still starting is inspected again when the list names none (podman).
/// </summary>
public sealed class ListedHealthTests
{
    [Theory]
    [InlineData("Up 3 minutes (healthy)", "healthy", true)]
    [InlineData("Up 3 minutes (healthy)", "starting", false)]
    [InlineData("Up 5 seconds (health: starting)", "starting", true)]
    [InlineData("Up 2 minutes (unhealthy)", "healthy", false)]
    [InlineData("Up 2 minutes (unhealthy)", "unhealthy", true)]
    [InlineData("Up 2 minutes", "healthy", true)] // no health in the status (a container without one, or podman): nothing to compare
    [InlineData("Up 2 minutes", "unhealthy", true)]
    [InlineData("Up 40 seconds", "starting", false)] // ... except a health still starting, which is bound to move on
    [InlineData("Exited (0) 3 seconds ago", null, true)]
    [InlineData(null, "starting", false)]
    [InlineData(null, "healthy", true)]
    public void HealthAgrees_ComparesOnlyWhatTheListSays(string? listedStatus, string? cachedHealth, bool agrees) =>
        Assert.Equal(agrees, DockerContainerSource.HealthAgrees(listedStatus, cachedHealth));
}
