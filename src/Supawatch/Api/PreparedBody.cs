namespace Supawatch.Api;

/// <summary>Writes a prepared response body (the exposition, status.json) without Kestrel copying it whole.</summary>
public static class PreparedBody
{
    /// <summary>
    /// One large write makes Kestrel copy the whole body into its pipe before applying back-pressure: 16 scrapes of
    /// a 4.7 MB exposition held 75 MB of pipe blocks. Writing in slices waits for the socket to drain between them,
    /// so a slow reader costs one slice, not one body.
    /// </summary>
    public const int SliceBytes = 64 * 1024;

    public static async Task WritePreparedAsync(this HttpResponse response, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken)
    {
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        for (var offset = 0; offset < body.Length; offset += SliceBytes)
        {
            await response.Body.WriteAsync(body.Slice(offset, Math.Min(SliceBytes, body.Length - offset)), cancellationToken);
        }
    }
}
