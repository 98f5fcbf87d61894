using System.Text;
using Supawatch.Alerting;

namespace Supawatch.Stack;

/// <summary>
/// Renders the monitoring folder: prometheus.yml, the compose file, <c>alerts/</c> (through
/// <see cref="AlertingFiles"/>), <c>grafana/</c>, <c>status/</c>, the Grafana password and <c>stack.json</c>;
/// then validates the result with promtool and amtool when they are installed. Safe to re-run: see
/// <see cref="OwnedFiles"/> for how a user's edits and own files are kept.
/// </summary>
public sealed class StackSetup(StackLayout layout)
{
    public async Task<SetupResult> RunAsync(StackSetupInput input, bool force, CancellationToken cancellationToken)
    {
        var result = new SetupResult();
        if (CheckWritable(layout.Root) is { } unwritable)
        {
            result.Errors.Add(unwritable);
            return result;
        }

        var owned = OwnedFiles.Load(layout, force);
        var alerting = input.Alerting;
        try
        {
            // Every link (rules, notifications, the components' own pages) from the operator's URLs or the stack's real address.
            var links = ExternalUrls.Resolve(input.Alerting, input.Settings.Ports);
            var settings = input.Settings with { Links = links };
            alerting = links.ApplyTo(input.Alerting);
            await RenderAlertingAsync(alerting, input.Options.Demo ? StackOptions.DemoRuleFor : null, owned, result, cancellationToken);
            if (settings.AlertmanagerCluster?.LoopbackWarning() is { } loopback)
            {
                result.Warnings.Add(loopback);
            }

            var auth = WriteScrapeCredentials(input, result);
            result.Changes.Add(owned.Write(layout.PrometheusFile, PrometheusConfig.Render(PrometheusConfig.Build(settings.Runtime, settings.Ports, input.ScrapeInterval, auth, input.Options, settings.AlertmanagerCluster))));
            var socket = DockerSocket.PathFrom(input.Variables);
            var compose = ComposeConfig.Build(settings.Ports, PosixUser.Current(), input.Options.SupawatchImage, input.BuildContext, settings.AlertmanagerCluster, links, input.Options.Omitted(), (socket, await DockerSocket.GroupAsync(socket, cancellationToken)), input.Options.Demo);
            result.Changes.Add(owned.Write(layout.ComposeFile, ComposeConfig.Render(compose)));
            var grafana = GrafanaFiles.Render(input.Grafana, settings.Runtime, settings.Ports, layout);
            foreach (var asset in grafana)
            {
                result.Changes.Add(owned.Write(Path.Combine(layout.GrafanaDirectory, asset.Path), asset.Content));
            }

            // Our fallback datasource and provider would clash with the ones the repository ships once it does.
            foreach (var fallback in new[] { GrafanaFiles.DatasourceFile, GrafanaFiles.DashboardProviderFile }.Where(f => grafana.All(a => a.Path != f)))
            {
                if (owned.RemoveIfOwned(Path.Combine(layout.GrafanaDirectory, fallback)) is { } removed)
                {
                    result.Changes.Add(removed);
                }
            }

            Directory.CreateDirectory(Path.Combine(layout.GrafanaDirectory, "dashboards"));
            result.Changes.Add(owned.Write(Path.Combine(layout.StatusDirectory, "index.html"), StatusIndex(links.StatusPage)));
            var password = GrafanaPassword.Ensure(layout.GrafanaPasswordFile, input.Options.GrafanaAdminPassword);
            result.Changes.Add(new FileChange(layout.Relative(layout.GrafanaPasswordFile), password));

            Directory.CreateDirectory(layout.DataDirectory);
            var instances = Path.Combine(layout.Root, StackLayout.InstancesFile);
            if (!File.Exists(instances))
            {
                // Supawatch owns this file and rewrites it; an empty list lets Prometheus start before Supawatch does.
                await File.WriteAllTextAsync(instances, "[]\n", cancellationToken);
            }

            result.Changes.AddRange(RecordedVariables.Save(layout, input.Variables ?? new Dictionary<string, string>()));
            await File.WriteAllTextAsync(Path.Combine(layout.Root, StackSettings.FileName), settings.ToJson(), cancellationToken);
            owned.Save();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            result.Errors.Add($"cannot write the monitoring folder {layout.Root}: {ex.Message}. Fix its permissions or choose another with --dir.");
            return result;
        }
        finally
        {
            TryDeleteStaging();
        }

        await ValidateAsync(alerting, result, cancellationToken);
        return result;
    }

    /// <summary>
    /// With <c>SUPAWATCH_AUTH_*</c> set, the native runtime's Prometheus sends them to the Supawatch the operator runs:
    /// the secret goes to a mode-600 file under <c>secrets/</c> that prometheus.yml names. A file of the other kind
    /// left by an earlier setup is removed, so no stale secret stays behind.
    /// </summary>
    private ScrapeAuth? WriteScrapeCredentials(StackSetupInput input, SetupResult result)
    {
        var credentials = input.Credentials;
        if (credentials is not null && input.Settings.Runtime == StackRuntime.Docker)
        {
            // The compose file's Supawatch does not take SUPAWATCH_AUTH_* (yet), so it serves without credentials.
            result.Warnings.Add("SUPAWATCH_AUTH_* is set, but the docker runtime's Supawatch container runs without authentication; prometheus.yml scrapes it without credentials");
            credentials = null;
        }

        var auth = credentials?.ToScrapeAuth();
        foreach (var file in new[] { ScrapeAuth.TokenFile, ScrapeAuth.PasswordFile }.Where(f => f != auth?.SecretFile))
        {
            var path = Path.Combine(layout.Root, file);
            if (File.Exists(path))
            {
                File.Delete(path);
                result.Changes.Add(new FileChange(file, FileChangeKind.Removed));
            }
        }

        if (credentials is not null && auth is not null)
        {
            result.Changes.Add(new FileChange(auth.SecretFile, OwnerOnlyFile.Write(Path.Combine(layout.Root, auth.SecretFile), credentials.Secret)));
        }

        return auth;
    }

    private async Task RenderAlertingAsync(AlertingOptions alerting, TimeSpan? ruleFor, OwnedFiles owned, SetupResult result, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(layout.StagingDirectory, "alerting");
        foreach (var file in await new AlertingFiles(alerting) { RuleFor = ruleFor }.WriteAsync(staging, cancellationToken))
        {
            if (file.Error is not null)
            {
                result.Errors.Add(file.Error.Replace(layout.StagingDirectory + "/alerting/", "", StringComparison.Ordinal));
                continue;
            }

            result.Changes.Add(owned.Install(file.Path, Path.Combine(layout.AlertsDirectory, Path.GetFileName(file.Path))));
        }

        result.Warnings.AddRange(AlertmanagerConfig.Warnings(alerting));
    }

    /// <summary>promtool on prometheus.yml (which loads every rule file, the user's too) and amtool on alertmanager.yml.</summary>
    private async Task ValidateAsync(AlertingOptions alerting, SetupResult result, CancellationToken cancellationToken)
    {
        var checker = new ConfigChecker(AlertingFiles.Secrets(alerting));
        var checks = new (string Component, string File, Func<string, CancellationToken, Task<ConfigCheckResult>> Check)[]
        {
            (StackComponents.Prometheus, layout.PrometheusFile, checker.CheckPrometheusAsync),
            (StackComponents.Alertmanager, layout.AlertmanagerFile, checker.CheckAlertmanagerAsync),
        };
        foreach (var (component, file, check) in checks)
        {
            var outcome = await check(file, cancellationToken);
            if (!outcome.Ran)
            {
                result.Warnings.Add($"{component}: {layout.Relative(file)} not validated: {outcome.Tool} is not installed (Debian package {(outcome.Tool == "amtool" ? "prometheus-alertmanager" : "prometheus")})");
            }
            else if (!outcome.Ok)
            {
                result.Errors.Add($"{component}: {outcome.Tool} rejects the configuration in {layout.Root}; fix the file it names (a rule file of yours in alerts/, or an edit), then run setup again:\n{outcome.Output}");
            }
        }
    }

    private static string? CheckWritable(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".supawatch-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot write the monitoring folder {directory}: {ex.Message}. Fix its permissions or choose another with --dir.";
        }
    }

    private static string StatusIndex(string statusPage)
    {
        // The operator's URL: validated as http(s), encoded all the same.
        var url = System.Net.WebUtility.HtmlEncode(statusPage);
        return new StringBuilder()
            .Append("<!doctype html>\n<!-- Generated by `supawatch stack setup`: Supawatch serves the live status page. -->\n")
            .Append($"<html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url={url}\"><title>Status</title></head>\n")
            .Append($"<body><a href=\"{url}\">{url}</a> (JSON: <a href=\"{url}/api/status.json\">status.json</a>)</body></html>\n")
            .ToString();
    }

    private void TryDeleteStaging()
    {
        try
        {
            if (Directory.Exists(layout.StagingDirectory))
            {
                Directory.Delete(layout.StagingDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
