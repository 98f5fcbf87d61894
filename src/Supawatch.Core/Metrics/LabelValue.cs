namespace Supawatch.Metrics;

/// <summary>Label values from the outside world (project names…) bounded in length; escaping is the library's job.</summary>
public static class LabelValue
{
    public const int MaxLength = 256;

    public static string Of(string? value)
    {
        if (value is null)
        {
            return "";
        }

        if (value.Length <= MaxLength)
        {
            return value;
        }

        // Never cut a surrogate pair in half: the result must stay valid UTF-8 on the wire.
        var length = char.IsHighSurrogate(value[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return value[..length];
    }
}
