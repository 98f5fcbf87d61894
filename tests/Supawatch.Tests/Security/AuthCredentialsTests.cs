using System.Runtime.Versioning;
using System.Text;
using Supawatch.Configuration;
using Supawatch.Security;
using Supawatch.Validation;

namespace Supawatch.Tests.Security;

[UnsupportedOSPlatform("windows")]
public sealed class AuthCredentialsTests : IDisposable
{
    private const string Token = "s3cret-token-Ωmega";
    private readonly string _directory = Directory.CreateTempSubdirectory("supawatch-auth-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_NothingSet_IsDisabledAndLetsEveryRequestThrough()
    {
        var credentials = Load(new Dictionary<string, string>(), out var errors);

        Assert.Empty(errors);
        Assert.False(credentials.IsEnabled);
        Assert.True(credentials.IsAuthorized(null));
    }

    [Theory]
    [InlineData("Bearer " + Token, true)]
    [InlineData("bearer " + Token, true)]
    [InlineData("Bearer " + Token + "x", false)]
    [InlineData("Bearer s3cret-token", false)]
    [InlineData("Bearer ", false)]
    [InlineData("Basic dXNlcjpwYXNz", false)]
    [InlineData(Token, false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsAuthorized_Token_AcceptsOnlyTheExactBearerToken(string? header, bool expected)
    {
        var credentials = Load(new Dictionary<string, string> { ["SUPAWATCH_AUTH_TOKEN"] = Token }, out var errors);

        Assert.Empty(errors);
        Assert.Equal(expected, credentials.IsAuthorized(header));
        Assert.Equal("Bearer realm=\"supawatch\"", credentials.Challenge);
    }

    [Theory]
    [InlineData("prometheus", "pa:ss", true)]
    [InlineData("prometheus", "pa:s", false)]
    [InlineData("Prometheus", "pa:ss", false)]
    [InlineData("", "pa:ss", false)]
    public void IsAuthorized_Basic_ComparesUserAndPassword(string user, string password, bool expected)
    {
        var file = WriteSecret("password", "pa:ss\n");
        var credentials = Load(
            new Dictionary<string, string> { ["SUPAWATCH_AUTH_USER"] = "prometheus", ["SUPAWATCH_AUTH_PASSWORD_FILE"] = file },
            out var errors);

        Assert.Empty(errors);
        Assert.Equal(expected, credentials.IsAuthorized("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))));
        Assert.False(credentials.IsAuthorized("Basic not-base64!"));
        Assert.False(credentials.IsAuthorized("Bearer pa:ss"));
    }

    [Fact]
    public void Load_TokenFileReadableByOthers_NamesTheVariableAndTheFix_WithoutTheSecret()
    {
        var file = WriteSecret("token", Token);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        Load(new Dictionary<string, string> { ["SUPAWATCH_AUTH_TOKEN_FILE"] = file }, out var errors);

        var error = Assert.Single(errors);
        Assert.StartsWith("SUPAWATCH_AUTH_TOKEN_FILE:", error, StringComparison.Ordinal);
        Assert.Contains("chmod 600", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingFilesAndHalfPairs_ReportsEachAtOnce()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>
        {
            ["SUPAWATCH_AUTH_TOKEN_FILE"] = Path.Combine(_directory, "absent"),
            ["SUPAWATCH_AUTH_PASSWORD"] = "lonely-password",
        });

        var errors = ConfigurationValidator.Validate(configuration);

        Assert.Contains(errors, e => e.StartsWith("SUPAWATCH_AUTH_TOKEN_FILE:", StringComparison.Ordinal) && e.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SUPAWATCH_AUTH_PASSWORD:", StringComparison.Ordinal) && e.Contains("SUPAWATCH_AUTH_USER", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("lonely-password", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TokenAndTokenFileBoth_AsksToKeepOne()
    {
        var file = WriteSecret("token", Token);
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>
        {
            ["SUPAWATCH_AUTH_TOKEN"] = Token,
            ["SUPAWATCH_AUTH_TOKEN_FILE"] = file,
        });

        var error = Assert.Single(ConfigurationValidator.Validate(configuration));
        Assert.Contains("keep only SUPAWATCH_AUTH_TOKEN_FILE", error, StringComparison.Ordinal);
    }

    private static AuthCredentials Load(Dictionary<string, string> environment, out List<string> errors)
    {
        errors = [];
        return AuthCredentials.Load(SupawatchConfiguration.Build(null, environment), errors);
    }

    private string WriteSecret(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
