using System.Globalization;

namespace Supawatch.Status;

/// <summary>Picks the page's language: <c>?lang=</c> first, then the browser's Accept-Language by quality, else English.</summary>
public static class StatusLanguage
{
    public const string English = "en";
    public const string Portuguese = "pt-BR";

    public static string Choose(string? query, string? acceptLanguage)
    {
        if (Match(query) is { } chosen)
        {
            return chosen;
        }

        if (string.IsNullOrWhiteSpace(acceptLanguage))
        {
            return English;
        }

        var ranked = acceptLanguage.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((entry, index) =>
            {
                var parts = entry.Split(';', StringSplitOptions.TrimEntries);
                var quality = 1.0;
                foreach (var parameter in parts.Skip(1))
                {
                    if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                        && double.TryParse(parameter[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var q))
                    {
                        quality = q;
                    }
                }

                return (Tag: parts[0], Quality: quality, Index: index);
            })
            .Where(e => e.Quality > 0)
            .OrderByDescending(e => e.Quality)
            .ThenBy(e => e.Index);
        foreach (var entry in ranked)
        {
            if (Match(entry.Tag) is { } language)
            {
                return language;
            }
        }

        return English;
    }

    private static string? Match(string? tag) =>
        tag is null ? null
        : tag.StartsWith("pt", StringComparison.OrdinalIgnoreCase) ? Portuguese
        : tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English
        : null;
}
