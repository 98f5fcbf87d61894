using Supawatch.Configuration;
using Supawatch.Docker;
using Supawatch.Validation;

namespace Supawatch.Tests.Docker;

public sealed class DockerHostsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("supawatch-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Parse_WithoutDockerHosts_IsTheSingleDockerHostNamedDefault()
    {
        var errors = new List<string>();

        var hosts = DockerHosts.Parse(null, "unix:///run/podman.sock", errors);

        Assert.Empty(errors);
        var host = Assert.Single(hosts);
        Assert.Equal(DockerHosts.DefaultName, host.Name);
        Assert.Equal("/run/podman.sock", host.Endpoint.LocalPath);
        Assert.Null(host.CertDir);
    }

    [Fact]
    public void Parse_SeveralNamedHosts_KeepsTheirOrderEndpointsAndTlsFolder()
    {
        foreach (var file in DockerHosts.CertFiles)
        {
            File.WriteAllText(Path.Combine(_dir, file), "x");
        }

        var errors = new List<string>();
        var hosts = DockerHosts.Parse($"eu-1=unix:///run/a.sock; us_2=tcp://10.0.0.5:2376|{_dir}\nlab=tcp://127.0.0.1:2375", "ftp://ignored", errors);

        Assert.Empty(errors);
        Assert.Equal(["eu-1", "us_2", "lab"], hosts.Select(h => h.Name));
        Assert.Equal("tcp", hosts[1].Endpoint.Scheme);
        Assert.Equal(_dir, hosts[1].CertDir);
        Assert.Null(hosts[2].CertDir);
    }

    [Theory]
    [InlineData("unix:///run/a.sock", "name=")]
    [InlineData("=unix:///run/a.sock", "name=")]
    [InlineData("-bad=unix:///run/a.sock", "name=")]
    [InlineData("a=ftp://x", "host 'a' must be")]
    [InlineData("a=unix:///run/a.sock;a=unix:///run/b.sock", "used twice")]
    [InlineData("a=unix:///run/a.sock|/etc/tls", "TLS needs tcp://")]
    [InlineData("a=tcp://h:2376|/nonexistent/tls", "host 'a': the TLS folder /nonexistent/tls does not exist")]
    [InlineData(" ; ", "names no host")]
    public void Parse_BadEntry_NamesDockerHostsAndWhatToFix(string value, string expected)
    {
        var errors = new List<string>();

        DockerHosts.Parse(value, "unix:///var/run/docker.sock", errors);

        var error = Assert.Single(errors);
        Assert.StartsWith("DOCKER_HOSTS", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TlsFolderWithoutKey_NamesTheHostAndTheMissingFile()
    {
        File.WriteAllText(Path.Combine(_dir, "ca.pem"), "x");
        File.WriteAllText(Path.Combine(_dir, "cert.pem"), "x");
        var errors = new List<string>();

        DockerHosts.Parse($"eu-2=tcp://h:2376|{_dir}", null, errors);

        var error = Assert.Single(errors);
        Assert.Contains($"host 'eu-2': the TLS folder {_dir} lacks key.pem", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadDockerHosts_IsReportedWithTheOtherErrors()
    {
        var environment = new Dictionary<string, string> { ["DOCKER_HOSTS"] = "a=unix:///a.sock;b=gopher://x", ["DISCOVERY_INTERVAL"] = "often" };

        var errors = ConfigurationValidator.Validate(SupawatchConfiguration.Build(null, environment));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("DOCKER_HOSTS: host 'b'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://127.0.0.1:2375")]
    [InlineData("https://docker.internal:2376")]
    public void Parse_HttpDockerHost_IsRefusedSayingWhatToWrite(string dockerHost)
    {
        var errors = new List<string>();

        var hosts = DockerHosts.Parse(null, dockerHost, errors);

        Assert.Empty(hosts);
        var error = Assert.Single(errors);
        Assert.StartsWith("DOCKER_HOST must be unix:///path/to/docker.sock or tcp://host:port", error, StringComparison.Ordinal);
        Assert.Contains("write tcp://" + new Uri(dockerHost).Authority, error, StringComparison.Ordinal);
    }
}
