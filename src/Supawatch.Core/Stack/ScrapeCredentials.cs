using Microsoft.Extensions.Configuration;
using Supawatch.Security;

namespace Supawatch.Stack;

/// <summary>
/// The operator credentials <c>stack setup</c> hands to Prometheus, read from the same <c>Auth</c> section (and
/// files) <c>serve</c> checks requests against. A bearer token wins over a user and password when both are set.
/// </summary>
public sealed record ScrapeCredentials(string Secret, string? User)
{
    public override string ToString() => User is null ? "ScrapeCredentials { Bearer *** }" : $"ScrapeCredentials {{ {User}:*** }}";

    /// <summary>Null when no credentials are configured; problems (never a secret) go to <paramref name="errors"/>.</summary>
    public static ScrapeCredentials? Load(IConfiguration configuration, List<string> errors)
    {
        var options = AuthOptions.From(configuration);
        if (Resolve(options.Token, options.TokenFile, "SUPAWATCH_AUTH_TOKEN_FILE", errors) is { } token)
        {
            return new ScrapeCredentials(token, null);
        }

        if (!string.IsNullOrEmpty(options.User) && Resolve(options.Password, options.PasswordFile, "SUPAWATCH_AUTH_PASSWORD_FILE", errors) is { } password)
        {
            return new ScrapeCredentials(password, options.User);
        }

        return null;
    }

    /// <summary>The prometheus.yml side: which file under <c>secrets/</c> holds the secret.</summary>
    public ScrapeAuth ToScrapeAuth() => User is null ? new ScrapeAuth(ScrapeAuth.TokenFile) : new ScrapeAuth(ScrapeAuth.PasswordFile, User);

    private static string? Resolve(string? value, string? file, string fileVariable, List<string> errors) =>
        !string.IsNullOrEmpty(file) ? SecretFile.TryRead(fileVariable, file, out var error) ?? Fail(error, errors)
        : string.IsNullOrEmpty(value) ? null : value;

    private static string? Fail(string? error, List<string> errors)
    {
        if (error is not null)
        {
            errors.Add(error);
        }

        return null;
    }
}
