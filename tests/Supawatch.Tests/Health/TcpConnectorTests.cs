using System.Net.Sockets;
using Supawatch.Health;

namespace Supawatch.Tests.Health;

public sealed class TcpConnectorTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task ConnectAsync_Listening_ReturnsTheConnectedSocket(string host)
    {
        await using var server = LoopbackServer.Silent();

        var (socket, error) = await TcpConnector.ConnectAsync(host, server.Port, CancellationToken.None);

        using (socket)
        {
            Assert.Equal(SocketError.Success, error);
            Assert.NotNull(socket);
            Assert.True(socket.Connected);
        }
    }

    [Fact]
    public async Task ConnectAsync_NothingListens_ReportsRefusedWithoutThrowing()
    {
        var port = LoopbackServer.ClosedPort();

        var ((socket, error), thrown) = await FirstChanceExceptions.CountAsync(
            () => TcpConnector.ConnectAsync("127.0.0.1", port, CancellationToken.None));

        Assert.Null(socket);
        Assert.Equal(SocketError.ConnectionRefused, error);
        Assert.Empty(thrown);
    }

    [Fact]
    public async Task ConnectAsync_AlreadyCancelled_ReportsAborted()
    {
        await using var server = LoopbackServer.Silent();

        var (socket, error) = await TcpConnector.ConnectAsync("127.0.0.1", server.Port, new CancellationToken(canceled: true));

        Assert.Null(socket);
        Assert.Equal(SocketError.OperationAborted, error);
    }
}
