using Microsoft.Extensions.Configuration;

namespace Supawatch.Security;

/// <summary>
/// Optional credentials for the operator endpoints on the metrics listener (<c>/metrics</c>, <c>/sd</c>,
/// <c>/api/v1/*</c>). Off when nothing is set. Section <c>Auth</c>.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The <c>Auth</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static AuthOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<AuthOptions>() ?? new();

    /// <summary><c>SUPAWATCH_AUTH_TOKEN</c>: a bearer token (<c>Authorization: Bearer …</c>).</summary>
    public string? Token { get; set; }

    /// <summary><c>SUPAWATCH_AUTH_TOKEN_FILE</c>: a file (mode 600) holding the bearer token.</summary>
    public string? TokenFile { get; set; }

    /// <summary><c>SUPAWATCH_AUTH_USER</c>: the basic-auth user name.</summary>
    public string? User { get; set; }

    /// <summary><c>SUPAWATCH_AUTH_PASSWORD</c>: the basic-auth password.</summary>
    public string? Password { get; set; }

    /// <summary><c>SUPAWATCH_AUTH_PASSWORD_FILE</c>: a file (mode 600) holding the basic-auth password.</summary>
    public string? PasswordFile { get; set; }
}
