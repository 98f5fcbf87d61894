using System.Diagnostics;
using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Tests.Health;

public sealed class HttpProbeTests
{
    // Generous for answers (the suite runs classes in parallel on two cores); short where a hang is the point.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan HangTimeout = TimeSpan.FromMilliseconds(600);
    private static readonly string[] DribbledAnswer = ["HTTP/1.1 404 Not", " Found\r\nContent-", "Length: 0\r\n\r\n"];
    private static readonly StatusCodeRanges KongUp = StatusCodeRanges.Parse("200-499");

    [Fact]
    public async Task Probe_KongAnswers404ForUnknownRoute_IsUp()
    {
        await using var server = LoopbackServer.Http(404);

        var result = await HttpProbe.ProbeAsync(server.Address, "/", KongUp, Timeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Up, result.Status);
        Assert.Equal("HTTP 404", result.Reason);
    }

    [Fact]
    public async Task Probe_ServerError_IsDownWithStatusCode()
    {
        await using var server = LoopbackServer.Http(503);

        var result = await HttpProbe.ProbeAsync(server.Address, "/", KongUp, Timeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.Equal("HTTP 503", result.Reason);
    }

    [Fact]
    public async Task Probe_EndpointHangs_IsDownWithinTheTimeout()
    {
        await using var server = LoopbackServer.Silent();
        var stopwatch = Stopwatch.StartNew();

        var result = await HttpProbe.ProbeAsync(server.Address, "/", KongUp, HangTimeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.StartsWith("no answer within 0.6 s", result.Reason, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < HangTimeout * 3, $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Probe_AnswersAfterTheTimeout_IsDown()
    {
        await using var server = new LoopbackServer(async (socket, token) =>
        {
            await socket.ReceiveAsync(new byte[4096], System.Net.Sockets.SocketFlags.None, token);
            await Task.Delay(HangTimeout * 3, token);
            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), System.Net.Sockets.SocketFlags.None, token);
        });

        var result = await HttpProbe.ProbeAsync(server.Address, "/", KongUp, HangTimeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.StartsWith("no answer within", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_HeadersDribbleInSlowlyWithinTimeout_IsUpWithTheDuration()
    {
        await using var server = new LoopbackServer(async (socket, token) =>
        {
            await socket.ReceiveAsync(new byte[4096], System.Net.Sockets.SocketFlags.None, token);
            foreach (var part in DribbledAnswer)
            {
                await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(part), System.Net.Sockets.SocketFlags.None, token);
                await Task.Delay(150, token);
            }
        });

        var result = await HttpProbe.ProbeAsync(server.Address, "/", KongUp, Timeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Up, result.Status);
        Assert.True(result.Duration >= TimeSpan.FromMilliseconds(250), $"took {result.Duration}");
    }

    [Fact]
    public async Task Probe_ConnectionReset_IsDownWithoutAddressInReason()
    {
        await using var server = LoopbackServer.Reset();

        var result = await HttpProbe.ProbeAsync(server.Address, "/", KongUp, Timeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.DoesNotContain("127.0.0.1", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n", "invalid HTTP response")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-", "connection closed before a response")]
    public async Task Probe_NotAWholeHttpHead_IsDownWithWhatWasWrong(string answer, string reason)
    {
        await using var server = LoopbackServer.Sends(answer);

        var result = await HttpProbe.ProbeAsync(server.Address, "/", KongUp, Timeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public async Task Probe_NothingListens_IsDownConnectionRefused()
    {
        var result = await HttpProbe.ProbeAsync($"127.0.0.1:{LoopbackServer.ClosedPort()}", "/", KongUp, Timeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.Equal("connection refused", result.Reason);
    }

    [Fact]
    public async Task Probe_EveryProbeOpensItsOwnConnection_EvenWhenTheServerKeepsItOpen()
    {
        await using var server = LoopbackServer.KeepAlive();

        for (var i = 0; i < 3; i++)
        {
            var result = await HttpProbe.ProbeAsync(server.Address, "/", KongUp, Timeout, CancellationToken.None);
            Assert.Equal(HealthStatus.Up, result.Status);
        }

        Assert.Equal(3, server.Accepted);
    }

    [Fact]
    public async Task Probe_NothingListens_ThrowsNoExceptionOnTheWay()
    {
        var port = LoopbackServer.ClosedPort();

        var (result, thrown) = await FirstChanceExceptions.CountAsync(
            () => HttpProbe.ProbeAsync($"127.0.0.1:{port}", "/", KongUp, Timeout, CancellationToken.None));

        Assert.Equal("connection refused", result.Reason);
        Assert.Empty(thrown);
    }

    [Fact]
    public async Task Probe_EndpointHangs_ThrowsNoExceptionOnTheWay()
    {
        await using var server = LoopbackServer.Silent();

        var (result, thrown) = await FirstChanceExceptions.CountAsync(
            () => HttpProbe.ProbeAsync(server.Address, "/", KongUp, HangTimeout, CancellationToken.None));

        Assert.StartsWith("no answer within 0.6 s", result.Reason, StringComparison.Ordinal);
        Assert.Empty(thrown);
    }

    [Fact]
    public async Task Probe_InterimContinueThenFinalAnswer_ReportsTheFinalStatus()
    {
        await using var server = LoopbackServer.Sends("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");

        var result = await HttpProbe.ProbeAsync(server.Address, "/", KongUp, Timeout, CancellationToken.None);

        Assert.Equal("HTTP 503", result.Reason);
    }

    [Fact]
    public async Task Probe_PathWithALineBreak_IsRefusedBeforeConnecting()
    {
        await using var server = LoopbackServer.Http(200);

        var result = await HttpProbe.ProbeAsync(server.Address, "/\r\nX-Injected: 1", KongUp, Timeout, CancellationToken.None);

        Assert.Equal(HealthStatus.Down, result.Status);
        Assert.StartsWith("invalid request", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteRequest_WithAKey_SendsItAsApikeyAndBearer()
    {
        var buffer = new byte[1024];

        var length = HttpProbe.WriteRequest(buffer, "127.0.0.1:8000", "/rest/v1/", new AnonKey("eyJ.k", "ANON_KEY"));

        Assert.Equal(
            "GET /rest/v1/ HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: supawatch-health/1.0\r\nConnection: close\r\n" +
            "apikey: eyJ.k\r\nAuthorization: Bearer eyJ.k\r\n\r\n",
            System.Text.Encoding.ASCII.GetString(buffer, 0, length));
    }

    [Fact]
    public void WriteRequest_BufferTooSmall_ThrowsRatherThanCuttingTheRequest()
    {
        var buffer = new byte[64];

        Assert.Throws<ArgumentException>(() => HttpProbe.WriteRequest(buffer, "127.0.0.1:8000", "/rest/v1/", new AnonKey("eyJ.k", "ANON_KEY")));
    }
}
