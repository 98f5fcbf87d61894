using CsCheck;
using Microsoft.Extensions.Configuration;
using Supawatch.Configuration;
using Supawatch.Stack;
using Supawatch.Tests.Security;

namespace Supawatch.Tests.Stack;

/// <summary>
/// With <c>SUPAWATCH_AUTH_*</c> set, the prometheus.yml <c>stack setup</c> renders authenticates to Supawatch's
/// <c>/metrics</c> and <c>/sd</c> through a mode-600 file it names, never an inline secret.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ScrapeCredentialsTests : IDisposable
{
    private const string Token = "scrape-token-7d1e";
    private readonly StackTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Build_BearerToken_SupawatchJobSendsTheTokenFile_TenantScrapesDoNot()
    {
        var yaml = Render(new ScrapeAuth(ScrapeAuth.TokenFile));

        var job = Job(yaml, PrometheusConfig.SupawatchJob);
        var authorization = StackYaml.Map(job, "authorization");
        Assert.Equal("Bearer", StackYaml.Scalar(authorization, "type"));
        Assert.Equal(ScrapeAuth.TokenFile, StackYaml.Scalar(authorization, "credentials_file"));
        Assert.False(job.ContainsKey("basic_auth"));
        Assert.All(new[] { PrometheusConfig.NodeExporterJob, "prometheus", PrometheusConfig.InstancesFileSdJob }, name => Assert.False(Job(yaml, name).ContainsKey("authorization")));
    }

    [Fact]
    public void Build_AnyBasicAuthUser_RoundTripsWithThePasswordFile()
    {
        HostileText.ForAll(HostileText.TextOrLong().Select(text => "u" + text.Replace(":", "", StringComparison.Ordinal)), user =>
        {
            var yaml = Render(new ScrapeAuth(ScrapeAuth.PasswordFile, user));

            var basic = StackYaml.Map(Job(yaml, PrometheusConfig.SupawatchJob), "basic_auth");
            Assert.Equal(user, StackYaml.Scalar(basic, "username"));
            Assert.Equal(ScrapeAuth.PasswordFile, StackYaml.Scalar(basic, "password_file"));
            Assert.False(basic.ContainsKey("password"));
            Assert.False(Job(yaml, PrometheusConfig.InstancesFileSdJob).ContainsKey("basic_auth"));
        }, iterations: 100);
    }

    [Fact]
    public async Task Setup_NativeWithToken_WritesTheTokenMode600AndNamesItOnly()
    {
        var result = await _folder.SetupAsync(StackTestFolder.Input() with { Credentials = new ScrapeCredentials(Token, null) });

        Assert.True(result.Ok, string.Join('\n', result.Errors));
        var tokenFile = Path.Combine(_folder.Layout.Root, ScrapeAuth.TokenFile);
        Assert.Equal(Token, File.ReadAllText(tokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        var prometheus = _folder.Read(StackLayout.PrometheusFileName);
        Assert.Contains($"credentials_file: {ScrapeAuth.TokenFile}", prometheus, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, prometheus, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Changes, c => c.ToString().Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Setup_SwitchFromTokenToBasicToNone_LeavesNoStaleSecret()
    {
        await _folder.SetupAsync(StackTestFolder.Input() with { Credentials = new ScrapeCredentials(Token, null) });

        var basic = await _folder.SetupAsync(StackTestFolder.Input() with { Credentials = new ScrapeCredentials("pw-41c2", "prometheus") });
        Assert.True(basic.Ok, string.Join('\n', basic.Errors));
        Assert.False(File.Exists(Path.Combine(_folder.Layout.Root, ScrapeAuth.TokenFile)));
        Assert.Equal("pw-41c2", File.ReadAllText(Path.Combine(_folder.Layout.Root, ScrapeAuth.PasswordFile)));
        Assert.Contains("username: prometheus", _folder.Read(StackLayout.PrometheusFileName), StringComparison.Ordinal);

        var none = await _folder.SetupAsync();
        Assert.True(none.Ok, string.Join('\n', none.Errors));
        Assert.False(File.Exists(Path.Combine(_folder.Layout.Root, ScrapeAuth.PasswordFile)));
        Assert.DoesNotContain("password_file", _folder.Read(StackLayout.PrometheusFileName), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_DockerWithToken_WarnsAndRendersNoCredentials()
    {
        var result = await _folder.SetupAsync(StackTestFolder.Input(StackRuntime.Docker) with { Credentials = new ScrapeCredentials(Token, null) });

        Assert.Contains(result.Warnings, w => w.StartsWith("SUPAWATCH_AUTH_* is set, but the docker runtime", StringComparison.Ordinal));
        Assert.DoesNotContain("credentials_file", _folder.Read(StackLayout.PrometheusFileName), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder.Layout.Root, ScrapeAuth.TokenFile)));
    }

    [Fact]
    public void Load_TokenFileReadableByOthers_NamesTheVariableAndNotTheToken()
    {
        var file = Path.Combine(_folder.Layout.Root, "token");
        File.WriteAllText(file, Token);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var errors = new List<string>();

        var credentials = ScrapeCredentials.Load(Configuration(("SUPAWATCH_AUTH_TOKEN_FILE", file)), errors);

        Assert.Null(credentials);
        Assert.StartsWith("SUPAWATCH_AUTH_TOKEN_FILE: ", Assert.Single(errors), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TokenAndBasic_PrefersTheTokenAndReadsFiles()
    {
        var file = Path.Combine(_folder.Layout.Root, "password");
        File.WriteAllText(file, "pw-file\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var errors = new List<string>();

        Assert.Equal(new ScrapeCredentials("pw-file", "ops"), ScrapeCredentials.Load(Configuration(("SUPAWATCH_AUTH_USER", "ops"), ("SUPAWATCH_AUTH_PASSWORD_FILE", file)), errors));
        Assert.Equal(new ScrapeCredentials(Token, null), ScrapeCredentials.Load(Configuration(("SUPAWATCH_AUTH_TOKEN", Token), ("SUPAWATCH_AUTH_USER", "ops"), ("SUPAWATCH_AUTH_PASSWORD", "x")), errors));
        Assert.Null(ScrapeCredentials.Load(Configuration(), errors));
        Assert.Empty(errors);
    }

    private static IConfiguration Configuration(params (string Name, string Value)[] variables) =>
        SupawatchConfiguration.Build(null, variables.ToDictionary(v => v.Name, v => v.Value));

    private static Dictionary<object, object> Render(ScrapeAuth auth) =>
        StackYaml.Parse(PrometheusConfig.Render(PrometheusConfig.Build(StackRuntime.Native, StackPorts.From(new StackOptions()), TimeSpan.FromSeconds(30), auth)));

    private static Dictionary<object, object> Job(Dictionary<object, object> yaml, string name) =>
        StackYaml.List(yaml, "scrape_configs").Cast<Dictionary<object, object>>().Single(j => StackYaml.Scalar(j, "job_name") == name);
}
