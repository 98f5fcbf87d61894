namespace Supawatch.Notices;

/// <summary>What a change to the notice board came to: the value (with 200 or 201), or an HTTP status (4xx/503) with the reason.</summary>
public sealed record NoticeResult<T>(T? Value, int StatusCode, string? Error)
    where T : class;
