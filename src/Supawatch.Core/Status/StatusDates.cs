using System.Collections.Concurrent;
using System.Globalization;

namespace Supawatch.Status;

/// <summary>
/// One <c>yyyy-MM-dd</c> string per day, shared by every strip's bar for it (90 strings instead of 90 per instance);
/// emptied when it outgrows a few months of days.
/// </summary>
internal static class StatusDates
{
    private static readonly ConcurrentDictionary<DateOnly, string> Texts = new();

    public static string Text(DateOnly date)
    {
        if (Texts.TryGetValue(date, out var text))
        {
            return text;
        }

        // Count takes every lock of the dictionary: asked only when a day is added, not for every bar written.
        if (Texts.Count > 400)
        {
            Texts.Clear();
        }

        return Texts.GetOrAdd(date, static d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public static DateOnly Parse(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
