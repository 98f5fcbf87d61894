using System.Text.Json;
using Supawatch.Discovery;
using Supawatch.Docker;
using Supawatch.Instances;

namespace Supawatch.Tests.Discovery;

public class DockerContainerMapperTests
{
    [Fact]
    public void FromInspect_ReadsStateRestartsTimesAndPorts()
    {
        // Shaped like Docker Engine API 1.47, with fields discovery does not read left in to be skipped.
        var inspect = Parse("""
            {"Id":"abc","Created":"2026-01-01T00:00:00.5Z","Path":"/docker-entrypoint.sh","Args":["kong","docker-start"],
             "State":{"Status":"running","Running":true,"Paused":false,"OOMKilled":false,"Pid":42,"ExitCode":0,
                      "StartedAt":"2026-01-02T03:04:05.123456789Z","FinishedAt":"0001-01-01T00:00:00Z",
                      "Health":{"Status":"healthy","FailingStreak":0,"Log":[{"ExitCode":0,"Output":"ok"}]}},
             "Image":"sha256:1","Name":"/i1_kong","RestartCount":4,
             "HostConfig":{"PortBindings":{"8000/tcp":[{"HostIp":"127.0.0.1","HostPort":"8001"}]},"RestartPolicy":{"Name":"always"}},
             "Config":{"Image":"kong:3","Env":["KONG_DATABASE=off"],"Labels":{"com.docker.compose.project":"i1"}},
             "NetworkSettings":{"Ports":{"8000/tcp":[{"HostIp":"127.0.0.1","HostPort":"8001"}],"8443/tcp":null},"Networks":{"bridge":{"IPAddress":"10.88.0.2"}}}}
            """);

        var info = DockerContainerMapper.FromInspect(inspect, new ContainerIdentity("i1", "kong"));

        Assert.Equal("abc", info.Id);
        Assert.Equal("i1_kong", info.Name);
        Assert.Equal(Supawatch.Instances.ContainerState.Running, info.State);
        Assert.Equal("healthy", info.Health);
        Assert.Equal(4, info.RestartCount);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 500, TimeSpan.Zero), info.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), info.StartedAt!.Value.AddTicks(-(info.StartedAt.Value.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Null(info.FinishedAt);
        Assert.Null(info.ExitCode);
        Assert.Equal("kong:3", info.Image);
        Assert.Equal([new PublishedPort(8000, "127.0.0.1", 8001, "tcp")], info.Ports.ToArray());
    }

    [Fact]
    public void FromInspect_StoppedContainer_KeepsConfiguredPortsAndExitCode()
    {
        var inspect = Parse("""
            {"Id":"abc","Name":"/i1_kong",
             "State":{"Status":"exited","Running":false,"ExitCode":137,"OOMKilled":true,"FinishedAt":"2026-01-02T03:04:05Z"},
             "NetworkSettings":{"Ports":{}},
             "HostConfig":{"PortBindings":{"8000/tcp":[{"HostIp":"","HostPort":"8001"}],"9000/tcp":[{"HostIp":"","HostPort":"not-a-port"}]}}}
            """);

        var info = DockerContainerMapper.FromInspect(inspect, new ContainerIdentity("i1", "kong"));

        Assert.Equal(Supawatch.Instances.ContainerState.Exited, info.State);
        Assert.Equal(137, info.ExitCode);
        Assert.True(info.OomKilled);
        Assert.Null(info.CreatedAt);
        Assert.Equal([new PublishedPort(8000, "", 8001, "tcp")], info.Ports.ToArray());
    }

    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("9100", null, 9100, null)]
    [InlineData(" 9100 ", "/metrics", 9100, null)]
    [InlineData("3001", "/admin/metrics", 3001, "/admin/metrics")]
    [InlineData("http", null, 0, null)]
    [InlineData("70000", null, 0, null)]
    [InlineData("9100", "metrics", 0, null)]
    [InlineData("9100", "/a b", 0, null)]
    public void FromInspect_MetricsLabels_PortAndPath_OrZeroWhenUnusable(string? port, string? path, int? expectedPort, string? expectedPath)
    {
        var labels = new Dictionary<string, string>();
        if (port is not null)
        {
            labels[ContainerNameParser.MetricsPortLabel] = port;
        }

        if (path is not null)
        {
            labels[ContainerNameParser.MetricsPathLabel] = path;
        }

        var info = DockerContainerMapper.FromInspect(new ContainerInspect { Id = "abc", Name = "/i1_rest", Config = new() { Labels = labels } }, new ContainerIdentity("i1", "rest"));

        Assert.Equal(expectedPort, info.MetricsPort);
        Assert.Equal(expectedPath, info.MetricsPath);
    }

    [Theory]
    [InlineData("destroy", true)]
    [InlineData("remove", true)]
    [InlineData("die", false)]
    public void DockerEventNames_DockerAndPodmanSpellings(string action, bool gone)
    {
        Assert.True(DockerEventNames.Matters(action));
        Assert.Equal(gone, DockerEventNames.MeansGone(action));
    }

    [Theory]
    [InlineData("exec_start: sh")]
    [InlineData("attach")]
    [InlineData("")]
    public void DockerEventNames_NoiseIsIgnored(string action) => Assert.False(DockerEventNames.Matters(action));

    private static ContainerInspect Parse(string json) =>
        JsonSerializer.Deserialize(json, ContainerInspectJson.Default.ContainerInspect)!;
}
