using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Supawatch.Common;
using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>Serializes <see cref="StatusDocument"/> with Supawatch's JSON conventions.</summary>
public static class StatusJson
{
    private static readonly JsonSerializerOptions Options = SupawatchJson.For(StatusJsonContext.Default);

    private static readonly JsonTypeInfo<StatusDocument> StatusDocumentInfo = Options.TypeInfo<StatusDocument>();

    /// <summary>The document's metadata under these conventions (<c>health --json</c>, the schema in docs/schemas/).</summary>
    public static JsonTypeInfo<StatusDocument> DocumentInfo => StatusDocumentInfo;

    /// <summary>
    /// Writes straight into an unpooled buffer sized from the previous document. <c>SerializeToUtf8Bytes</c> grows a
    /// buffer rented from the shared <see cref="ArrayPool{T}"/>; at 1,000 instances that reached the 16 MB bucket, and
    /// the pool kept one such array per thread that had serialized (50 MB of a 150 MB heap in a gcdump).
    /// The written part of that buffer is returned as is: copying it out would be a second large allocation.
    /// </summary>
    public static ReadOnlyMemory<byte> Serialize(StatusDocument document, int expectedLength = 0)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(expectedLength + (expectedLength / 8), 16 * 1024));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Options.Encoder }))
        {
            JsonSerializer.Serialize(writer, document, StatusDocumentInfo);
        }

        return buffer.WrittenMemory;
    }

    /// <summary>The document's JSON kept gzipped only (<see cref="GzippedBody"/>): 6 MB plain, 0.3 MB gzipped at 1,000 instances.</summary>
    public static GzippedBody SerializeGzipped(StatusDocument document) => GzippedBody.Write(stream => Serialize(document, stream));

    /// <summary>The overview as JSON (small: no instances).</summary>
    public static byte[] Serialize(StatusOverviewDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, Options.TypeInfo<StatusOverviewDocument>());

    /// <summary>One organization's page as JSON.</summary>
    public static byte[] Serialize(StatusOrganizationDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, Options.TypeInfo<StatusOrganizationDocument>());

    /// <summary>
    /// Writes the document to <paramref name="stream"/> as it serializes, through a small pooled buffer: status.json at
    /// 1,000 instances (7 MB) is never held in memory whole.
    /// </summary>
    public static void Serialize(StatusDocument document, Stream stream) =>
        JsonSerializer.Serialize(stream, document, StatusDocumentInfo);
}
