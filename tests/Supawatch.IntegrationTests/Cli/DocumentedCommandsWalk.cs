using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Cli;

/// <summary>
/// Every command README.md and docs/cli.md show, run in the fresh clone against a small real fleet, its exit code
/// and first line checked against what those pages say. A verb or script the pages name that no case covers fails
/// the walk, so a new documented command needs a case here.
/// </summary>
public sealed partial class FreshCloneCommandsTests
{
    /// <summary>Documented, but not walked here, and why.</summary>
    private static readonly Dictionary<string, string> NotWalked = new(StringComparer.Ordinal)
    {
        ["scripts/test.sh"] = "the whole suite: it is what runs this test",
        ["scripts/publish.sh"] = "a NativeAOT build of minutes; NativeBinaryTests runs the published binary",
        ["scripts/install-test-deps.sh"] = "installs Debian packages as root",
    };

    [Fact]
    public async Task EveryDocumentedCommand_RunAsWritten_ExitsAndStartsAsTheDocsSay()
    {
        var kong = await engine.RunHttpdAsync("walk_app_1_kong");
        var folder = clone.NewFolder("walk");
        var env = new Dictionary<string, string>(Fleet())
        {
            ["SUPAWATCH_METRICS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}",
            ["SUPAWATCH_STATUS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}",
            ["ALERTMANAGER_URL"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["WEBHOOK_URL"] = "http://127.0.0.1:9/hook",
        };
        var walked = new List<string>();
        try
        {
            async Task<ProcessResult> Run(string verb, string commandLine, int exitCode, string firstLine, bool onStderr = false, string? cwd = null)
            {
                var result = await clone.ShellAsync(cwd ?? folder, commandLine, env, installed: true);
                output.WriteLine($"{commandLine} -> {result.ExitCode}");
                Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}\n{result.Describe()}");
                var first = (onStderr ? result.StandardError : result.StandardOutput).Split('\n')[0];
                Assert.True(Regex.IsMatch(first, firstLine), $"first line '{first}' does not match '{firstLine}'\n{result.Describe()}");
                walked.Add(verb);
                return result;
            }

            // README: the checkout through dotnet run, from the clone's root, as the quick start types it.
            await Run("discover", "dotnet run --project src/Supawatch -- discover", 0, "^INSTANCE ", cwd: clone.Repo);
            Assert.True(File.Exists(Path.Combine(clone.Repo, "data", "instances.json")), "jq . data/instances.json from the root");
            await WalkServeAsync(env, walked);

            // docs/cli.md: the installed binary on PATH, from another folder.
            await Run("discover", "supawatch discover", 0, "^INSTANCE ");
            var health = await Run("health", "supawatch health", 0, "^INSTANCE ");
            Assert.Matches(@"walk_app_1 +- +- +up", health.StandardOutput);
            await Run("config render", "supawatch config render --out rendered", 0, "^wrote .*rendered/alerts/");
            await Run("config check", "supawatch config check rendered", 0, "^ok .*rendered/alerts/");
            await Run("notify test", "supawatch notify test", 1, "^error: cannot reach Alertmanager at .* \\(ALERTMANAGER_URL\\)", onStderr: true);
            await Run("notify test", "supawatch notify test --channel slack", 2, "^error: slack is not configured; set SLACK_WEBHOOK_URL", onStderr: true);

            // The exit-code table: a failed source is 1 for discover and health alike; invalid usage and configuration 2.
            var deadDb = $"postgresql://monitor:walk-secret-pw@127.0.0.1:{FreePort.Next()}/master";
            foreach (var verb in new[] { "discover", "health" })
            {
                var failed = await clone.ShellAsync(folder, $"MASTER_DB_URL={deadDb} supawatch {verb}", env, installed: true);
                Assert.True(failed.ExitCode == 1, failed.Describe());
                Assert.Contains("error: ", failed.StandardError, StringComparison.Ordinal);
                Assert.DoesNotContain("walk-secret-pw", failed.StandardOutput + failed.StandardError, StringComparison.Ordinal);
            }

            await Run("usage", "supawatch bogus", 2, "^error: Unrecognized command or argument 'bogus'", onStderr: true);
            await Run("usage", "supawatch discover --bogus", 2, "^error: Unrecognized command or argument '--bogus'", onStderr: true);
            await Run("configuration", "DOCKER_HOST=http://127.0.0.1:2375 supawatch discover", 2, "^error: DOCKER_HOST .* not http://; write tcp://127.0.0.1:2375", onStderr: true);
            await Run("configuration", "HEALTH_CHECK_INTERVAL=x supawatch health", 2, "^error: HEALTH_CHECK_INTERVAL: 'x' is not a positive duration", onStderr: true);
            using (var held = new TcpListener(IPAddress.Loopback, 0))
            {
                held.Start();
                var port = ((IPEndPoint)held.LocalEndpoint).Port;
                var busy = await Run("serve", $"supawatch serve --metrics-listen 127.0.0.1:{port}", 1, $"^error: cannot listen on 127.0.0.1:{port} .* in use.*--metrics-listen or SUPAWATCH_METRICS_LISTEN", onStderr: true);
                Assert.True(busy.StandardError.Trim().Split('\n').Length <= 2, busy.Describe());
            }

            // The stack verbs (docs/cli.md "stack"), on free ports in a folder of the test's.
            var ports = FreePortFlags();
            // --runtime native as docs/cli.md writes it: what `auto` picks on a machine with Docker but no compose is
            // the stack's own work (issue 30 item 3), not this walk's.
            await Run("stack setup", $"supawatch stack setup --no-start --runtime native --dir mon {ports}", 0, "^setting up .*/mon ");
            await Run("stack status", "supawatch stack status --dir mon", 1, "^component +state ");
            try
            {
                await Run("stack setup", $"supawatch stack setup --runtime native --dir live {FreePortFlags()}", 0, "^setting up .*/live ");
                await Run("stack status", "supawatch stack status --dir live", 0, "^component +state ");
                await Run("stack restart", "supawatch stack restart --dir live", 0, "^(?!error)");
            }
            finally
            {
                await Run("stack stop", "supawatch stack stop --dir live", 0, "^(?!error)");
            }

            var documented = DocumentedCommands(clone.Repo);
            output.WriteLine($"documented: {string.Join(", ", documented)}");
            // The pages' own verb table, at least: a pattern that found nothing would let every case go unchecked.
            Assert.Superset(new SortedSet<string>(["serve", "discover", "health", "config render", "config check", "notify test", "stack setup", "stack status"], StringComparer.Ordinal), documented);
            var missing = documented.Where(c => !walked.Contains(c) && !NotWalked.ContainsKey(c) && !StackVerbs.Contains(c)).ToList();
            Assert.True(missing.Count == 0, $"documented but not walked: {string.Join(", ", missing)}");
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    /// <summary>Covered by the stack's own tests (Stack/NativeStackTests): start after a stop is what restart does here.</summary>
    private static readonly HashSet<string> StackVerbs = ["stack start"];

    private async Task WalkServeAsync(Dictionary<string, string> env, List<string> walked)
    {
        var log = Path.Combine(clone.Root, $"serve-{Guid.NewGuid():N}.log");
        var variables = new Dictionary<string, string>(env) { ["PATH"] = FreshClone.PathWithoutSupawatch, ["SUPAWATCH_DATA_DIR"] = Path.Combine(clone.Root, "serve-data") };
        // As typed, from the clone's root; exec so the PID is the service's (no shell between to eat SIGTERM).
        var server = ServerProcess.Start("/bin/bash", ["-c", $"cd {clone.Repo} && exec dotnet run --project src/Supawatch -- serve"], log, variables);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var url = $"http://{env["SUPAWATCH_METRICS_LISTEN"]}/healthz";
            await Wait.UntilAsync(async () => !server.HasExited && (await http.GetAsync(url)).IsSuccessStatusCode, TimeSpan.FromSeconds(90), $"serve to answer {url}");
        }
        finally
        {
            // A grace long enough for a clean stop: past it StopAsync kills the tree, and the exit code below tells.
            await server.StopAsync(grace: TimeSpan.FromSeconds(20));
        }

        // docs/cli.md: serve exits 0 when stopped by SIGTERM (dotnet run passes the signal and the code through).
        Assert.True(server.ExitCode == 0, $"serve exited {server.ExitCode}\n{server.LogTail()}");
        output.WriteLine("dotnet run --project src/Supawatch -- serve -> answered /healthz, SIGTERM -> 0");
        walked.Add("serve");
    }

    /// <summary>The verbs (<c>stack setup</c>, <c>discover</c>…) and scripts README.md and docs/cli.md show.</summary>
    private static SortedSet<string> DocumentedCommands(string repository)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var page in new[] { "README.md", "docs/cli.md" })
        {
            var text = File.ReadAllText(Path.Combine(repository, page));
            foreach (Match match in VerbPattern().Matches(text))
            {
                var sub = match.Groups["sub"].Success ? " " + match.Groups["sub"].Value : "";
                found.Add(match.Groups["verb"].Value + sub);
            }

            foreach (Match match in ScriptPattern().Matches(text))
            {
                found.Add(match.Value);
            }
        }

        // The seed's wrappers are walked by the other tests of this class, in every way they are run.
        found.ExceptWith(["scripts/update_monitoring.sh", "scripts/health_monitor.sh", "scripts/setup_monitoring.sh", "scripts/supawatch-cli.sh"]);
        return found;
    }

    // "supawatch VERB", "dotnet run --project src/Supawatch -- VERB", and a row of docs/cli.md's verb table ("| `VERB").
    [GeneratedRegex(@"(?:supawatch |src/Supawatch -- |^\| `)(?<verb>serve|discover|health|config|notify|stack)(?: (?<sub>render|check|test|setup|start|stop|restart|status))?", RegexOptions.Multiline)]
    private static partial Regex VerbPattern();

    [GeneratedRegex(@"scripts/[a-z_-]+\.sh")]
    private static partial Regex ScriptPattern();
}
