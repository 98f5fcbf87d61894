namespace Supawatch.Status;

/// <summary>A response body made once per round (a badge, an organization's JSON) and the strong ETag of its bytes.</summary>
public sealed record PreparedResponse(byte[] Body, string ETag);
