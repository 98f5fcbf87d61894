using System.Net.Sockets;
using Supawatch.Discovery;
using Supawatch.Health;
using Supawatch.Instances;
using Supawatch.Metrics;

namespace Supawatch.Tests.Health;

public sealed class PostgresProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly PostgresProbe Probe = new();

    [Theory]
    [InlineData("N")]
    [InlineData("S")]
    [InlineData("E")]
    public async Task Probe_ServerAnswersSslRequest_IsUp(string answer)
    {
        await using var server = Answering(answer);

        var result = await Probe.ProbeAsync("127.0.0.1", server.Port, Timeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Up, result.Status);
    }

    [Fact]
    public async Task Probe_AcceptsTcpButSaysNothing_IsDown()
    {
        await using var server = LoopbackServer.Silent();

        var result = await Probe.ProbeAsync("127.0.0.1", server.Port, Timeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.StartsWith("no answer within", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_AnswersGarbage_IsDown()
    {
        await using var server = Answering("H");

        var result = await Probe.ProbeAsync("127.0.0.1", server.Port, Timeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.Equal("not a PostgreSQL answer", result.Reason);
    }

    [Fact]
    public async Task Probe_ClosesWithoutAnswer_IsDown()
    {
        await using var server = new LoopbackServer(async (socket, token) =>
        {
            await socket.ReceiveAsync(new byte[8], SocketFlags.None, token);
            socket.Shutdown(SocketShutdown.Both);
            socket.Close();
        });

        var result = await Probe.ProbeAsync("127.0.0.1", server.Port, Timeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.Equal("connection closed without a PostgreSQL answer", result.Reason);
    }

    [Fact]
    public async Task Probe_WithCredentialsAgainstSilentPort_IsDownWithinTimeout()
    {
        await using var server = LoopbackServer.Silent();
        var probe = new PostgresProbe(new TenantDbLogins(new TenantDbOptions { User = "postgres", Password = "secret-password", FromContainer = false }, new DiscoveryOptions(), null));

        var result = await probe.ProbeAsync("127.0.0.1", server.Port, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.DoesNotContain("secret-password", result.Reason, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromSeconds(3), $"took {result.Duration}");
    }

    private static LoopbackServer Answering(string answer) => new(async (socket, token) =>
    {
        var request = new byte[8];
        await socket.ReceiveAsync(request, SocketFlags.None, token);
        Assert.Equal(new byte[] { 0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F }, request);
        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(answer), SocketFlags.None, token);
        await Task.Delay(System.Threading.Timeout.Infinite, token);
    });

    [Fact]
    public async Task Probe_NothingListens_IsDownRefusedWithoutThrowing()
    {
        var port = LoopbackServer.ClosedPort();

        var (result, thrown) = await FirstChanceExceptions.CountAsync(
            () => Probe.ProbeAsync("127.0.0.1", port, TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.Equal("connection refused", result.Reason);
        Assert.Empty(thrown);
    }
}
