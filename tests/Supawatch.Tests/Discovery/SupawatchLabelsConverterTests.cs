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
    public async Task ListAsync_ALongAnswerReadFromTheStream_LabelsFilteredAcrossBufferBoundaries()
    {
        // 400 entries, about 240 KB: the serializer reads the stream in blocks of 16 KB, so most Labels objects arrive
        // in a block that is not the last (where Utf8JsonReader.Skip refuses to work).
        var entries = Enumerable.Range(0, 400).Select(i => $$"""
            {"Id":"c{{i}}","Names":["/i{{i}}_kong"],"Labels":{"com.docker.compose.project":"i{{i}}",
             "com.docker.compose.project.config_files":"/srv/supabase/i{{i}}/docker-compose.yml",
             "supawatch.metrics_port":"{{8000 + i}}","com.docker.compose.service":"kong","com.example.list":["a","b"]},
             "State":"running","Status":"Up 2 days","Mounts":[{"Type":"bind","Source":"/srv/supabase/i{{i}}/volumes/kong","Destination":"/data"}]}
            """);
        using var reader = new DockerContainerReader(new AnswerHandler("[" + string.Join(',', entries) + "]"));

        var listed = await reader.ListAsync(CancellationToken.None);

        Assert.Equal(400, listed.Count);
        Assert.All(listed, (entry, i) => Assert.Equal(new Dictionary<string, string> { ["supawatch.metrics_port"] = $"{8000 + i}" }, entry.Labels));
    }

    [Fact]
    public void ParserLabels_AllCarryThePrefixTheReaderKeeps()
    {
        string[] read = [ContainerNameParser.InstanceIdLabel, ContainerNameParser.ComponentLabel, ContainerNameParser.MetricsPortLabel, ContainerNameParser.MetricsPathLabel];

        Assert.All(read, label => Assert.StartsWith(SupawatchLabelsConverter.Prefix, label, StringComparison.Ordinal));
    }

    private sealed class AnswerHandler(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body))) });
    }
}
