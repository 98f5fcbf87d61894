using System.Net.Sockets;
using Supawatch.Health;

namespace Supawatch.Tests.Health;

public sealed class TcpConnectorTests
{
    [Fact]
    public async Task ConnectAsync_Listening_ReturnsTheConnectedSocket()
    {
        await using var server = LoopbackServer.Silent();

        var (socket, error) = await TcpConnector.ConnectAsync("127.0.0.1", server.Port, CancellationToken.None);

        using (socket)
        {
            Assert.Equal(SocketError.Success, error);
            Assert.NotNull(socket);
            Assert.True(socket.Connected);
        }
    }

    [Fact]
    public async Task ConnectAsync_ByName_ResolvesAndConnects()
    {
        await using var server = LoopbackServer.Silent();

        var (socket, error) = await TcpConnector.ConnectAsync("localhost", server.Port, CancellationToken.None);

        using (socket)
        {
            Assert.Equal(SocketError.Success, error);
            Assert.True(socket!.Connected);
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
