using System.Runtime.Versioning;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Security;

/// <summary>The built binary refuses to serve with an unsafe token file, and says which variable to fix and how.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class AuthConfigurationCliTests : IDisposable
{
    private const string Token = "cli-token-5e0b";
    private readonly string _root = TempDirectory.Create("authcli");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(true, "readable by other users; run chmod 600")]
    [InlineData(false, "does not exist")]
    public async Task Serve_UnsafeOrMissingTokenFile_ExitsBadConfigurationNamingTheVariable(bool worldReadable, string expected)
    {
        var tokenFile = Path.Combine(_root, "token");
        if (worldReadable)
        {
            await File.WriteAllTextAsync(tokenFile, Token);
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var result = await ProcessRunner.TryRunAsync("dotnet", [SecretsNeverShownTests.SupawatchDll(), "serve"], TimeSpan.FromSeconds(30), new Dictionary<string, string>
        {
            ["SUPAWATCH_AUTH_TOKEN_FILE"] = tokenFile,
            ["SUPAWATCH_DATA_DIR"] = Path.Combine(_root, "data"),
            ["SUPAWATCH_METRICS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}",
            ["SUPAWATCH_STATUS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}",
        });

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains($"error: SUPAWATCH_AUTH_TOKEN_FILE: file '{tokenFile}'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }
}
