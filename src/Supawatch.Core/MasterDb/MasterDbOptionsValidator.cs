using Microsoft.Extensions.Configuration;

namespace Supawatch.MasterDb;

/// <summary>Checks the <c>MasterDb</c> section at start; the error names the variable and never echoes the URL (it holds a password).</summary>
public static class MasterDbOptionsValidator
{
    public static void Validate(IConfiguration configuration, List<string> errors)
    {
        var masterDbUrl = configuration[$"{MasterDbOptions.Section}:{nameof(MasterDbOptions.Url)}"];
        if (!string.IsNullOrWhiteSpace(masterDbUrl) && !PostgresUri.TryParse(masterDbUrl, out _, out var urlError))
        {
            errors.Add($"MASTER_DB_URL {urlError}");
        }
    }
}
