using Npgsql;

namespace Supawatch.MasterDb;

/// <summary>
/// Reads the seed's <c>postgresql://user:pass@host:5432/db?sslmode=require</c> URIs, which Npgsql does not take
/// directly, and writes them back with the password hidden for logs and errors.
/// </summary>
public static class PostgresUri
{
    private static readonly Dictionary<string, string> QueryKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
    };

    /// <summary>Builds an Npgsql connection string; <paramref name="error"/> says what is wrong without echoing a secret.</summary>
    public static bool TryParse(string? url, out NpgsqlConnectionStringBuilder builder, out string? error)
    {
        builder = new NpgsqlConnectionStringBuilder();
        error = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "is empty";
            return false;
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != "postgresql" && uri.Scheme != "postgres"))
        {
            error = "is not a postgresql:// URI; write it as postgresql://user:password@host:5432/database";
            return false;
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            error = "has no host; write it as postgresql://user:password@host:5432/database";
            return false;
        }

        builder.Host = uri.Host.Trim('[', ']');
        builder.Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        builder.Database = database.Length == 0 ? "postgres" : database;

        var userInfo = uri.UserInfo;
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = Uri.UnescapeDataString(equals < 0 ? "" : pair[(equals + 1)..]);
            if (!QueryKeys.TryGetValue(key, out var npgsqlKey))
            {
                error = $"has an unsupported parameter '{key}'; supported: {string.Join(", ", QueryKeys.Keys)}";
                return false;
            }

            try
            {
                // libpq spells "verify-full"; Npgsql's enum is VerifyFull and parses case-insensitively.
                builder[npgsqlKey] = npgsqlKey == "SSL Mode" ? value.Replace("-", "", StringComparison.Ordinal) : value;
            }
            catch (ArgumentException)
            {
                error = $"has an invalid value for '{key}'";
                return false;
            }
        }

        return true;
    }

    /// <summary>The URI with its password replaced by <c>***</c>; safe to log.</summary>
    public static string Redact(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "(unparseable URI)";
        }

        var user = uri.UserInfo.Split(':', 2)[0];
        var auth = uri.UserInfo.Contains(':', StringComparison.Ordinal) ? $"{user}:***@" : user.Length > 0 ? $"{user}@" : "";
        return $"{uri.Scheme}://{auth}{uri.Authority[(uri.Authority.IndexOf('@', StringComparison.Ordinal) + 1)..]}{uri.AbsolutePath}";
    }
}
