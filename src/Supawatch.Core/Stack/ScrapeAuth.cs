namespace Supawatch.Stack;

/// <summary>
/// How the rendered Prometheus authenticates to Supawatch's operator endpoints (<c>/metrics</c>, <c>/sd</c>) when
/// <c>SUPAWATCH_AUTH_*</c> is set: a bearer token or a user and password, always read from a file (mode 600) that
/// <c>stack setup</c> writes under <c>secrets/</c>; prometheus.yml names the file, never the secret.
/// </summary>
/// <param name="SecretFile">The file holding the token or password, as prometheus.yml names it (relative to it).</param>
/// <param name="User">The basic-auth user; null for a bearer token.</param>
public sealed record ScrapeAuth(string SecretFile, string? User = null)
{
    /// <summary>Where setup keeps the bearer token, relative to prometheus.yml.</summary>
    public const string TokenFile = "secrets/supawatch-token";

    /// <summary>Where setup keeps the basic-auth password, relative to prometheus.yml.</summary>
    public const string PasswordFile = "secrets/supawatch-password";

    public bool IsBearer => User is null;

    public PrometheusAuthorization? Authorization => IsBearer ? new() { CredentialsFile = SecretFile } : null;

    public PrometheusBasicAuth? BasicAuth => IsBearer ? null : new() { Username = User!, PasswordFile = SecretFile };
}
