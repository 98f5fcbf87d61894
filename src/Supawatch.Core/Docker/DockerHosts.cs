using System.Text.RegularExpressions;
using Supawatch.Common;

namespace Supawatch.Docker;

/// <summary>
/// Reads <c>DOCKER_HOSTS</c> (<c>name=unix:///path;name2=tcp://host:2376|/etc/supawatch/tls/name2</c>), or, when it
/// is empty, the single <c>DOCKER_HOST</c> under the name <see cref="DefaultName"/>.
/// </summary>
public static partial class DockerHosts
{
    /// <summary>The host name given to the single <c>DOCKER_HOST</c>.</summary>
    public const string DefaultName = "default";

    public static readonly string[] CertFiles = ["ca.pem", "cert.pem", "key.pem"];

    /// <summary>Every configured host, in the order written; every problem at once in <paramref name="errors"/>.</summary>
    public static IReadOnlyList<DockerHostSpec> Parse(string? dockerHosts, string? dockerHost, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(dockerHosts))
        {
            if (DockerEndpoint.TryParse(dockerHost, out var single, out var error))
            {
                return [new DockerHostSpec(DefaultName, single!, null)];
            }

            errors.Add($"DOCKER_HOST {error}");
            return [];
        }

        var hosts = new List<DockerHostSpec>();
        var entries = dockerHosts.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? entry[..equals].Trim() : "";
            if (!NamePattern().IsMatch(name))
            {
                errors.Add($"DOCKER_HOSTS: '{SafeText.Printable(entry)}' must be name=unix:///path or name=tcp://host:port[|/cert/dir], the name 1-64 characters of [A-Za-z0-9_.-] starting with a letter or digit");
                continue;
            }

            if (hosts.Exists(h => string.Equals(h.Name, name, StringComparison.Ordinal)))
            {
                errors.Add($"DOCKER_HOSTS: the name '{name}' is used twice; every host needs its own name");
                continue;
            }

            var rest = entry[(equals + 1)..];
            var bar = rest.IndexOf('|', StringComparison.Ordinal);
            var endpointText = bar < 0 ? rest.Trim() : rest[..bar].Trim();
            var certDir = bar < 0 ? null : rest[(bar + 1)..].Trim();
            if (!DockerEndpoint.TryParse(endpointText, out var endpoint, out var endpointError))
            {
                errors.Add($"DOCKER_HOSTS: host '{name}' {endpointError}");
                continue;
            }

            if (certDir is not null && !CheckCertDir(name, endpoint!, certDir, errors))
            {
                continue;
            }

            hosts.Add(new DockerHostSpec(name, endpoint!, string.IsNullOrEmpty(certDir) ? null : certDir));
        }

        if (hosts.Count == 0 && errors.Count == 0)
        {
            errors.Add("DOCKER_HOSTS names no host; write name=unix:///var/run/docker.sock or unset it to use DOCKER_HOST");
        }

        return hosts;
    }

    private static bool CheckCertDir(string name, Uri endpoint, string certDir, List<string> errors)
    {
        if (endpoint.Scheme != "tcp")
        {
            errors.Add($"DOCKER_HOSTS: host '{name}' has a TLS folder but a {endpoint.Scheme}:// endpoint; TLS needs tcp://host:2376");
            return false;
        }

        if (!Directory.Exists(certDir))
        {
            errors.Add($"DOCKER_HOSTS: host '{name}': the TLS folder {certDir} does not exist; write the folder that holds its ca.pem, cert.pem and key.pem (as DOCKER_CERT_PATH does)");
            return false;
        }

        var missing = CertFiles.Where(f => !File.Exists(Path.Combine(certDir, f))).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"DOCKER_HOSTS: host '{name}': the TLS folder {certDir} lacks {string.Join(", ", missing)} (it needs ca.pem, cert.pem and key.pem, as DOCKER_CERT_PATH does)");
            return false;
        }

        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NamePattern();
}
