using System.Globalization;
using Microsoft.Extensions.Configuration;
using Supawatch.Common;

namespace Supawatch.Configuration;

/// <summary>The checks several concepts' validators share; each error names the variable (or key) and what to write.</summary>
public static class ConfigurationChecks
{
    /// <summary><paramref name="key"/>, when set, is a whole number of at least <paramref name="least"/>.</summary>
    public static void WholeNumber(IConfiguration configuration, string key, int least, List<string> errors)
    {
        var raw = configuration[key];
        if (raw is not null && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < least))
        {
            errors.Add($"{key}: '{SafeText.Printable(raw)}' is not a whole number of at least {least}");
        }
    }

    /// <summary><paramref name="key"/>, when set, is an absolute http(s) URL.</summary>
    public static void HttpUrl(IConfiguration configuration, string key, List<string> errors)
    {
        var value = configuration[key];
        if (!string.IsNullOrWhiteSpace(value)
            && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add($"{SeedVariables.NameFor(key)}: not an http(s) URL; write it like http://localhost:9090");
        }
    }
}
