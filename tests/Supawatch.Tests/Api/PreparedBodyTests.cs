using Microsoft.AspNetCore.Http;
using Supawatch.Api;

namespace Supawatch.Tests.Api;

public class PreparedBodyTests
{
    [Theory]
    [InlineData(1, PreparedBody.InFlightBudgetBytes)]
    [InlineData(2, PreparedBody.InFlightBudgetBytes / 2)]
    [InlineData(16, PreparedBody.InFlightBudgetBytes / 16)]
    [InlineData(32, PreparedBody.SmallestSliceBytes)]
    [InlineData(1000, PreparedBody.SmallestSliceBytes)]
    public void SliceBytes_WritersShareTheBudget_NeverBelowTheSmallestSlice(int writers, int expected)
    {
        Assert.Equal(expected, PreparedBody.SliceBytes(writers));
    }

    [Fact]
    public async Task WritePreparedAsync_OneWriter_WholeBodyInBudgetSizedSlices()
    {
        var body = new byte[(2 * PreparedBody.InFlightBudgetBytes) + 123];
        Random.Shared.NextBytes(body);
        var written = new WriteRecordingStream();
        var context = new DefaultHttpContext { Response = { Body = written } };

        await context.Response.WritePreparedAsync(body, "text/plain; version=0.0.4", CancellationToken.None);

        Assert.Equal(body, written.ToArray());
        Assert.Equal(body.Length, context.Response.ContentLength);
        Assert.Equal([PreparedBody.InFlightBudgetBytes, PreparedBody.InFlightBudgetBytes, 123], written.WriteSizes);
    }

    private sealed class WriteRecordingStream : MemoryStream
    {
        public List<int> WriteSizes { get; } = [];

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WriteSizes.Add(buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
