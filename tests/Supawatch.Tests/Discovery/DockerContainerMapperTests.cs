using Docker.DotNet.Models;
using Supawatch.Discovery;
using Supawatch.Instances;

namespace Supawatch.Tests.Discovery;

public class DockerContainerMapperTests
{
    [Fact]
    public void FromInspect_ReadsStateRestartsTimesAndPorts()
    {
        var inspect = new ContainerInspectResponse
        {
            ID = "abc",
            Name = "/i1_kong",
            RestartCount = 4,
            Created = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            State = new State
            {
                Status = "running",
                Running = true,
                StartedAt = "2026-01-02T03:04:05.123456789Z",
                FinishedAt = "0001-01-01T00:00:00Z",
                Health = new Docker.DotNet.Models.Health { Status = "healthy" },
            },
            Config = new ContainerConfig { Image = "kong:3" },
            NetworkSettings = new NetworkSettings
            {
                Ports = new Dictionary<string, IList<PortBinding>>
                {
                    ["8000/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = "8001" }],
                    ["8443/tcp"] = null!,
                },
            },
        };

        var info = DockerContainerMapper.FromInspect(inspect, new ContainerIdentity("i1", "kong"));

        Assert.Equal("i1_kong", info.Name);
        Assert.Equal(Supawatch.Instances.ContainerState.Running, info.State);
        Assert.Equal("healthy", info.Health);
        Assert.Equal(4, info.RestartCount);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), info.StartedAt!.Value.AddTicks(-(info.StartedAt.Value.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Null(info.FinishedAt);
        Assert.Null(info.ExitCode);
        Assert.Equal("kong:3", info.Image);
        Assert.Equal([new PublishedPort(8000, "127.0.0.1", 8001, "tcp")], info.Ports.ToArray());
    }

    [Fact]
    public void FromInspect_StoppedContainer_KeepsConfiguredPortsAndExitCode()
    {
        var inspect = new ContainerInspectResponse
        {
            ID = "abc",
            Name = "/i1_kong",
            State = new State { Status = "exited", ExitCode = 137, OOMKilled = true, FinishedAt = "2026-01-02T03:04:05Z" },
            NetworkSettings = new NetworkSettings { Ports = new Dictionary<string, IList<PortBinding>>() },
            HostConfig = new HostConfig
            {
                PortBindings = new Dictionary<string, IList<PortBinding>>
                {
                    ["8000/tcp"] = [new PortBinding { HostIP = "", HostPort = "8001" }],
                },
            },
        };

        var info = DockerContainerMapper.FromInspect(inspect, new ContainerIdentity("i1", "kong"));

        Assert.Equal(Supawatch.Instances.ContainerState.Exited, info.State);
        Assert.Equal(137, info.ExitCode);
        Assert.True(info.OomKilled);
        Assert.Equal([new PublishedPort(8000, "", 8001, "tcp")], info.Ports.ToArray());
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
}
