using System.Text;
using Supawatch.Stack;

namespace Supawatch.Tests.Stack;

/// <summary>
/// The docker runtime acts on a changed file only through <see cref="ComposeInputs"/>: every file of the folder a
/// rendered compose service mounts (or reads as its env_file) must change that service's hash, and no other's.
/// </summary>
public sealed class ComposeInputsTests : IDisposable
{
    private readonly StackTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Current_EveryFileAServiceMounts_ChangesThatServicesHashAndNoOther()
    {
        var grafana = new[]
        {
            new GrafanaAsset("provisioning/datasources/prometheus.yml", Encoding.UTF8.GetBytes("datasources:\n  - url: http://prometheus:9090\n")),
            new GrafanaAsset("dashboards/overview.json", Encoding.UTF8.GetBytes("{\"title\":\"Supabase Overview\"}")),
        };
        var result = await _folder.SetupAsync(StackTestFolder.Input(StackRuntime.Docker, grafana: grafana));
        Assert.True(result.Ok, string.Join('\n', result.Errors));
        var envFile = Path.Combine(_folder.Layout.Root, ComposeConfig.SupawatchEnvFile);
        if (!File.Exists(envFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(envFile)!);
            await File.WriteAllTextAsync(envFile, "DOCKER_HOST='unix:///var/run/docker.sock'\n");
        }

        var services = StackYaml.Map(StackYaml.Parse(_folder.Read(StackLayout.ComposeFileName)), "services");
        var readers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, definition) in services.Select(s => ((string)s.Key, s.Value)))
        {
            var sources = StackYaml.List(definition, "volumes").Cast<string>().Select(v => v.Split(':')[0]).Where(v => v.StartsWith("./", StringComparison.Ordinal))
                .Concat(StackYaml.List(definition, "env_file").Cast<string>());
            foreach (var file in sources.SelectMany(FilesUnder))
            {
                // Prometheus mounts the alerts folder but loads only alerts/*_rules.yml (rule_files); alertmanager.yml is Alertmanager's.
                if (name == StackComponents.Prometheus && file == "alerts/alertmanager.yml")
                {
                    continue;
                }

                (readers.TryGetValue(file, out var list) ? list : readers[file] = []).Add(name);
            }
        }

        Assert.Contains("prometheus.yml", readers.Keys);
        Assert.Contains("alerts/alerting_rules.yml", readers.Keys);
        Assert.Contains("grafana/dashboards/overview.json", readers.Keys);
        Assert.Contains(ComposeConfig.SupawatchEnvFile, readers.Keys);
        foreach (var (file, expected) in readers)
        {
            var before = ComposeInputs.Current(_folder.Layout);
            await File.AppendAllTextAsync(Path.Combine(_folder.Layout.Root, file), "\n# changed\n");
            var after = ComposeInputs.Current(_folder.Layout);

            var changed = before.Keys.Where(k => before[k] != after[k]).Order(StringComparer.Ordinal);
            Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(changed), $"{file}: read by {string.Join(", ", expected)}, changed the hash of {string.Join(", ", changed)}");
        }

        // A rule file of the user's is loaded by Prometheus too.
        var beforeUserRules = ComposeInputs.Current(_folder.Layout);
        await File.WriteAllTextAsync(Path.Combine(_folder.Layout.AlertsDirectory, "my_rules.yml"), "groups: []\n");
        Assert.NotEqual(beforeUserRules[StackComponents.Prometheus], ComposeInputs.Current(_folder.Layout)[StackComponents.Prometheus]);
    }

    [Fact]
    public void SaveAndLoad_Hashes_RoundTrip()
    {
        var hashes = ComposeInputs.Current(_folder.Layout);

        ComposeInputs.Save(_folder.Layout, hashes);

        Assert.Equal(hashes.OrderBy(h => h.Key), ComposeInputs.Load(_folder.Layout).OrderBy(h => h.Key));
        Assert.Equal(ComposeInputs.Services.Select(s => s.Service).Order(), hashes.Keys.Order());
    }

    private IEnumerable<string> FilesUnder(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(_folder.Layout.Root, relative));
        return Directory.Exists(path)
            ? Directory.GetFiles(path, "*", SearchOption.AllDirectories).Select(_folder.Layout.Relative).Order(StringComparer.Ordinal)
            : File.Exists(path) ? [_folder.Layout.Relative(path)] : [];
    }
}
