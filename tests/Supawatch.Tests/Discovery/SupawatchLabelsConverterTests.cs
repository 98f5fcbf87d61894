using System.Text.Json;
using Supawatch.Discovery;
using Supawatch.Docker;
using Supawatch.Instances;

namespace Supawatch.Tests.Discovery;

public class SupawatchLabelsConverterTests
{
    [Fact]
    public void ListEntry_ComposeLabels_OnlySupawatchLabelsAreKeptAndStillDecideIdentityAndTarget()
    {
        // A list entry as Docker Engine 1.43+ writes it for a compose-managed container.
        var entries = JsonSerializer.Deserialize("""
            [{"Id":"abc","Names":["/custom-name"],"Image":"kong:3",
              "Ports":[{"IP":"127.0.0.1","PrivatePort":8000,"PublicPort":8001,"Type":"tcp"}],
              "Labels":{"com.docker.compose.project":"i1","com.docker.compose.service":"kong",
                        "supawatch.instance_id":"i1","supawatch.component":"kong",
                        "com.docker.compose.project.working_dir":"/srv/i1","supawatch.metrics_port":"8000",
                        "supawatch.metrics_path":"/status/metrics"},
              "State":"running","Status":"Up 2 days (healthy)","NetworkSettings":{"Networks":{}}}]
            """, ContainerInspectJson.Default.ListContainerListEntry)!;

        var entry = Assert.Single(entries);
        Assert.Equal(["supawatch.component", "supawatch.instance_id", "supawatch.metrics_path", "supawatch.metrics_port"], entry.Labels!.Keys.Order(StringComparer.Ordinal));
        var identity = new ContainerNameParser(new DiscoveryOptions().ComponentList).Parse("custom-name", entry.Labels, out var reason);
        Assert.Null(reason);
        Assert.Equal(new ContainerIdentity("i1", "kong"), identity);
        var info = DockerContainerMapper.FromListEntry(entry, identity!.Value, "local");
        Assert.Equal(8000, info.MetricsPort);
        Assert.Equal("/status/metrics", info.MetricsPath);
    }

    [Fact]
    public void InspectConfig_EscapedKeyOddValuesAndNull_KeptByTheirDecodedName()
    {
        var inspect = JsonSerializer.Deserialize("""
            {"Id":"abc","Name":"/i1_kong","Config":{"Labels":{
              "supawatch\u002Einstance_id":"i1","com.example.nested":{"a":[1,2]},"supawatch.component":7,
              "com.docker.compose.service":"kong"}}}
            """, ContainerInspectJson.Default.ContainerInspect)!;
        var none = JsonSerializer.Deserialize("""{"Id":"abc","Config":{"Labels":null}}""", ContainerInspectJson.Default.ContainerInspect)!;

        Assert.Equal(new Dictionary<string, string> { ["supawatch.instance_id"] = "i1" }, inspect.Config!.Labels);
        Assert.Null(none.Config!.Labels);
    }

    [Fact]
    public void ParserLabels_AllCarryThePrefixTheReaderKeeps()
    {
        string[] read = [ContainerNameParser.InstanceIdLabel, ContainerNameParser.ComponentLabel, ContainerNameParser.MetricsPortLabel, ContainerNameParser.MetricsPathLabel];

        Assert.All(read, label => Assert.StartsWith(SupawatchLabelsConverter.Prefix, label, StringComparison.Ordinal));
    }
}
