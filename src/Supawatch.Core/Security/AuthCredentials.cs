using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Supawatch.Security;

/// <summary>
/// The resolved operator credentials (files read once at start) and the constant-time check of a request's
/// <c>Authorization</c> header. Secrets are kept only as SHA-256 digests, so comparisons take the same time
/// whatever the length or content of the guess.
/// </summary>
public sealed class AuthCredentials
{
    private readonly byte[]? _tokenDigest;
    private readonly byte[]? _userDigest;
    private readonly byte[]? _passwordDigest;

    private AuthCredentials(string? token, string? user, string? password)
    {
        _tokenDigest = token is null ? null : Digest(token);
        if (user is not null && password is not null)
        {
            _userDigest = Digest(user);
            _passwordDigest = Digest(password);
        }
    }

    /// <summary>No credentials: every request passes.</summary>
    public static AuthCredentials None { get; } = new(null, null, null);

    /// <summary>True when a bearer token or a basic-auth pair is configured.</summary>
    public bool IsEnabled => AcceptsBearer || AcceptsBasic;

    /// <summary>True when a bearer token is configured.</summary>
    public bool AcceptsBearer => _tokenDigest is not null;

    /// <summary>True when a basic-auth user and password are configured.</summary>
    public bool AcceptsBasic => _userDigest is not null;

    /// <summary>The value of <c>WWW-Authenticate</c> on a 401: one challenge per accepted scheme.</summary>
    public string Challenge =>
        string.Join(", ", new[]
        {
            AcceptsBearer ? "Bearer realm=\"supawatch\"" : null,
            AcceptsBasic ? "Basic realm=\"supawatch\", charset=\"UTF-8\"" : null,
        }.Where(c => c is not null));

    /// <summary>Reads the <c>Auth</c> section; problems (which never contain a secret) go to <paramref name="errors"/>.</summary>
    public static AuthCredentials Load(IConfiguration configuration, List<string> errors)
    {
        var options = AuthOptions.From(configuration);
        var token = Resolve(options.Token, options.TokenFile, "SUPAWATCH_AUTH_TOKEN", "SUPAWATCH_AUTH_TOKEN_FILE", errors);
        var password = Resolve(options.Password, options.PasswordFile, "SUPAWATCH_AUTH_PASSWORD", "SUPAWATCH_AUTH_PASSWORD_FILE", errors);
        var user = string.IsNullOrEmpty(options.User) ? null : options.User;

        if (user is not null && user.Contains(':', StringComparison.Ordinal))
        {
            errors.Add("SUPAWATCH_AUTH_USER: must not contain ':' (basic auth separates user and password with it)");
        }

        if (user is null && password is not null)
        {
            errors.Add("SUPAWATCH_AUTH_PASSWORD: set SUPAWATCH_AUTH_USER too, or unset the password");
        }
        else if (user is not null && password is null && !HasAny(options.Password, options.PasswordFile))
        {
            errors.Add("SUPAWATCH_AUTH_USER: set SUPAWATCH_AUTH_PASSWORD_FILE (or SUPAWATCH_AUTH_PASSWORD) too, or unset the user");
        }

        return new AuthCredentials(token, user, password);
    }

    /// <summary>True when <paramref name="authorization"/> carries the configured token or user and password.</summary>
    public bool IsAuthorized(string? authorization)
    {
        if (!IsEnabled)
        {
            return true;
        }

        if (string.IsNullOrEmpty(authorization))
        {
            return false;
        }

        if (AcceptsBearer && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return CryptographicOperations.FixedTimeEquals(Digest(authorization["Bearer ".Length..].Trim()), _tokenDigest);
        }

        if (AcceptsBasic && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return IsBasicAuthorized(authorization["Basic ".Length..].Trim());
        }

        return false;
    }

    private bool IsBasicAuthorized(string encoded)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        // Both halves are always compared, so timing does not tell which one was wrong.
        var userMatches = CryptographicOperations.FixedTimeEquals(Digest(decoded[..colon]), _userDigest);
        var passwordMatches = CryptographicOperations.FixedTimeEquals(Digest(decoded[(colon + 1)..]), _passwordDigest);
        return userMatches & passwordMatches;
    }

    private static string? Resolve(string? value, string? file, string valueVariable, string fileVariable, List<string> errors)
    {
        if (!string.IsNullOrEmpty(value) && !string.IsNullOrEmpty(file))
        {
            errors.Add($"{valueVariable} and {fileVariable} are both set; keep only {fileVariable}");
            return null;
        }

        if (!string.IsNullOrEmpty(file))
        {
            var content = SecretFile.TryRead(fileVariable, file, out var error);
            if (error is not null)
            {
                errors.Add(error);
            }

            return content;
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static bool HasAny(string? value, string? file) => !string.IsNullOrEmpty(value) || !string.IsNullOrEmpty(file);

    private static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
