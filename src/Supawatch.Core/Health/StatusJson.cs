using System.Text.Json;
using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>Serializes <see cref="StatusDocument"/> with Supawatch's JSON conventions.</summary>
public static class StatusJson
{
    public static byte[] Serialize(StatusDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, SupawatchJson.Options);
}
