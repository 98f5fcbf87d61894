using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Server;

namespace Supawatch.IntegrationTests.Server;

/// <summary>The real service's Kestrel builds its connection pipes from <see cref="LargeBlockMemoryPool"/>.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class PipeBlockTests
{
    [Fact]
    public async Task Scrape_IsServedThroughLargeBlocks()
    {
        var folder = TempDirectory.Create("pipe-blocks");
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                // No Docker here: the self-metrics alone make a response.
                ["DOCKER_HOST"] = $"unix://{folder}/no-docker.sock",
            });

            using var response = await server.GetAsync("/metrics");
            response.EnsureSuccessStatusCode();
            Assert.NotEmpty(await response.Content.ReadAsStringAsync());

            var factory = server.Services.GetRequiredService<LargeBlockMemoryPoolFactory>();
            Assert.NotEmpty(factory.Created);
            Assert.True(factory.Created.Sum(pool => pool.BlocksRented) > 0, "Kestrel rented no block from the large-block pool");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
