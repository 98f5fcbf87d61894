using System.Text;
using Supawatch.Health;

namespace Supawatch.Tests.Health;

public sealed class ResponseHeadTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200)]
    [InlineData("HTTP/1.0 404 Not Found\r\n\r\nbody", 404)]
    [InlineData("HTTP/1.1 503\r\n\r\n", 503)]
    [InlineData("HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Key\n\n", 401)]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", 204)]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", 101)]
    public void Read_WholeHead_IsCompleteWithTheFinalStatus(string answer, int expected)
    {
        var head = new ResponseHead();

        Assert.Equal(ResponseHeadState.Complete, head.Read(Encoding.ASCII.GetBytes(answer)));
        Assert.Equal(expected, head.StatusCode);
    }

    [Fact]
    public void Read_OneByteAtATime_FindsTheSameEnd()
    {
        var head = new ResponseHead();
        var bytes = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 302 Found\r\nLocation: /\r\n\r\n");

        var states = bytes.Select(b => head.Read([b])).ToList();

        Assert.Equal(ResponseHeadState.Complete, states[^1]);
        Assert.All(states[..^1], state => Assert.Equal(ResponseHeadState.Incomplete, state));
        Assert.Equal(302, head.StatusCode);
    }

    [Fact]
    public void Read_HeadersStillComing_IsIncomplete()
    {
        var head = new ResponseHead();

        Assert.Equal(ResponseHeadState.Incomplete, head.Read("HTTP/1.1 200 OK\r\nServer: kong\r\n"u8));
        Assert.Equal(ResponseHeadState.Complete, head.Read("\r\n"u8));
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n")]
    [InlineData("HTTP/2 200\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n")]
    [InlineData("HTTP/1.1  200 OK\r\n\r\n")]
    [InlineData("\r\nHTTP/1.1 200 OK\r\n\r\n")]
    public void Read_NotAnHttpStatusLine_IsInvalid(string answer)
    {
        var head = new ResponseHead();

        Assert.Equal(ResponseHeadState.Invalid, head.Read(Encoding.ASCII.GetBytes(answer)));
    }

    [Fact]
    public void Read_HeadOverTheLimit_IsTooLarge()
    {
        var head = new ResponseHead();
        var header = Encoding.ASCII.GetBytes("X-Padding: " + new string('a', 1000) + "\r\n");

        Assert.Equal(ResponseHeadState.Incomplete, head.Read("HTTP/1.1 200 OK\r\n"u8));
        var state = ResponseHeadState.Incomplete;
        for (var i = 0; i < 70 && state == ResponseHeadState.Incomplete; i++)
        {
            state = head.Read(header);
        }

        Assert.Equal(ResponseHeadState.TooLarge, state);
    }
}
