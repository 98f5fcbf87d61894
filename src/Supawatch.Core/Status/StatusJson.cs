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
    /// The document's JSON as the file writer writes it (<see cref="Serialize(StatusDocument, Stream)"/>), for tests and
    /// the bench; the service serves <see cref="SerializeGzipped"/> and writes the file through a stream.
    /// </summary>
    public static byte[] Serialize(StatusDocument document)
    {
        using var stream = new MemoryStream();
        Serialize(document, stream);
        return stream.ToArray();
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
