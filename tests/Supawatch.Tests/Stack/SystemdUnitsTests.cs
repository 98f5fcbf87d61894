using Supawatch.Stack;

namespace Supawatch.Tests.Stack;

/// <summary>
/// The systemd runtime's units rendered from the native runtime's plan: one service per installed component with the
/// same command, restart and hardening settings, secrets only in the mode-600 environment file, a target that wants
/// them all; and <c>systemctl show</c> read back as <c>stack status</c> states.
/// </summary>
public sealed class SystemdUnitsTests : IDisposable
{
    private readonly StackLayout _layout = new(Directory.CreateTempSubdirectory("supawatch-systemd-").FullName);

    public void Dispose() => Directory.Delete(_layout.Root, recursive: true);

    [Fact]
    public void Render_NativePlan_OneHardenedServicePerInstalledComponent_AndATargetWantingThem()
    {
        List<string> problems = [], notes = [];
        var components = Plan(new Dictionary<string, string> { ["MASTER_DB_URL"] = "postgres://u:s3cret@db/x" });

        var units = SystemdUnits.Render(_layout, components, "1000:1000", problems, notes);

        Assert.Empty(problems);
        var services = units.Where(u => u.IsUnit && u.Name.EndsWith(".service", StringComparison.Ordinal)).ToList();
        Assert.Equal(components.Select(c => SystemdUnits.UnitName(c.Name)), services.Select(s => s.Name));
        var target = Assert.Single(units, u => u.Name == SystemdUnits.Target).Content;
        Assert.Contains($"Wants={string.Join(' ', services.Select(s => s.Name))}\n", target, StringComparison.Ordinal);
        Assert.Contains("WantedBy=multi-user.target\n", target, StringComparison.Ordinal);
        foreach (var service in services.Select(s => s.Content))
        {
            Assert.Contains("Restart=on-failure\n", service, StringComparison.Ordinal);
            Assert.Contains("NoNewPrivileges=yes\n", service, StringComparison.Ordinal);
            Assert.Contains("ProtectSystem=strict\n", service, StringComparison.Ordinal);
            Assert.Contains($"ReadWritePaths={_layout.Root}\n", service, StringComparison.Ordinal);
            Assert.Contains("CapabilityBoundingSet=\n", service, StringComparison.Ordinal);
            Assert.Contains("User=1000\nGroup=1000\n", service, StringComparison.Ordinal);
            Assert.Contains($"WantedBy={SystemdUnits.Target}\n", service, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", service, StringComparison.Ordinal);
        }

        var supawatch = Assert.Single(services, s => s.Name == SystemdUnits.UnitName(StackComponents.Supawatch)).Content;
        Assert.Contains($"ExecStart=\"/opt/supawatch/supawatch\" \"serve\" \"--data-dir\" \"{_layout.DataDirectory}\"\n", supawatch, StringComparison.Ordinal);
        Assert.Contains($"EnvironmentFile={SystemdUnits.EnvironmentFile(_layout, StackComponents.Supawatch)}\n", supawatch, StringComparison.Ordinal);
        var environment = Assert.Single(units, u => !u.IsUnit && u.Name == "systemd-supawatch.env").Content;
        Assert.Contains("MASTER_DB_URL=\"postgres://u:s3cret@db/x\"\n", environment, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AsRoot_NoUserLine_AndAFolderUnderTmpKeepsTheRealTmp()
    {
        var units = SystemdUnits.Render(new StackLayout("/tmp/monitoring"), Plan(), owner: null, [], []);

        var service = units.First(u => u.IsUnit && u.Name.EndsWith(".service", StringComparison.Ordinal)).Content;
        Assert.DoesNotContain("User=", service, StringComparison.Ordinal);
        Assert.DoesNotContain("PrivateTmp=", service, StringComparison.Ordinal);
        Assert.Contains("PrivateTmp=yes\n", SystemdUnits.Render(new StackLayout("/srv/monitoring"), Plan(), null, [], []).First(u => u.IsUnit).Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RequiredProgramMissing_IsAProblemNamingThePackage_OptionalOneIsLeftOutWithANote()
    {
        List<string> problems = [], notes = [];
        var missing = new NativeComponent("prometheus", ["no-such-prometheus-binary"], "prometheus", [], new Dictionary<string, string>(), "http://127.0.0.1:9090", "/-/ready", 9090, "--prometheus-port");

        var units = SystemdUnits.Render(_layout, [missing, missing with { Name = "grafana", Optional = true }], null, problems, notes);

        Assert.Equal(["prometheus: 'no-such-prometheus-binary' is not on PATH; install prometheus (apt-get install prometheus)"], problems);
        Assert.Equal(["grafana: 'no-such-prometheus-binary' is not on PATH; install prometheus (left out of the units)"], notes);
        Assert.Equal([SystemdUnits.Target], units.Select(u => u.Name));
    }

    [Fact]
    public void Render_FolderPathWithASpace_IsRefusedWithTheFix()
    {
        List<string> problems = [];

        var units = SystemdUnits.Render(new StackLayout("/srv/my monitoring"), Plan(), null, problems, []);

        Assert.Empty(units);
        Assert.Contains("choose another with --dir", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("50%", "\"50%%\"")]
    [InlineData("$HOME", "\"$$HOME\"")]
    [InlineData("a \"b\" \\c", "\"a \\\"b\\\" \\\\c\"")]
    public void Word_EscapesSpecifiersVariablesQuotesAndBackslashes(string value, string expected) =>
        Assert.Equal(expected, SystemdSyntax.Word(value));

    [Fact]
    public void EnvironmentLine_EscapesWhatTheEnvironmentFileParserWouldTakeAsSyntax() =>
        Assert.Equal("K=\"a\\$b\\`c\\\"d\\\\e%f\"", SystemdSyntax.EnvironmentLine("K", "a$b`c\"d\\e%f"));

    [Theory]
    [InlineData("loaded", "active", "running", "success", ComponentStates.Running)]
    [InlineData("loaded", "activating", "auto-restart", "exit-code", ComponentStates.Restarting)]
    [InlineData("loaded", "failed", "failed", "start-limit-hit", ComponentStates.CrashLoop)]
    [InlineData("loaded", "failed", "failed", "exit-code", "failed")]
    [InlineData("loaded", "inactive", "dead", "success", ComponentStates.Stopped)]
    [InlineData("not-found", "inactive", "dead", "success", ComponentStates.NotInstalled)]
    public void State_OfSystemctlShow_IsWhatStackStatusPrints(string load, string active, string sub, string result, string expected) =>
        Assert.Equal(expected, SystemdState.Of(new Dictionary<string, string> { ["LoadState"] = load, ["ActiveState"] = active, ["SubState"] = sub, ["Result"] = result }));

    [Fact]
    public void State_LastExitRestartsAndSince_ReadLikeTheNativeRuntime()
    {
        var unit = new Dictionary<string, string> { ["ExecMainCode"] = "2", ["ExecMainStatus"] = "9", ["NRestarts"] = "3", ["MainPID"] = "0", ["StateChangeTimestamp"] = "@1765000000" };

        Assert.Equal("signal 9", SystemdState.LastExit(unit));
        Assert.Equal("exit 1", SystemdState.LastExit(new Dictionary<string, string> { ["ExecMainCode"] = "1", ["ExecMainStatus"] = "1" }));
        Assert.Equal(3, SystemdState.Restarts(unit));
        Assert.Null(SystemdState.Pid(unit));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1765000000), SystemdState.Since(unit));
    }

    private IReadOnlyList<NativeComponent> Plan(IReadOnlyDictionary<string, string>? variables = null)
    {
        var settings = new StackSettings(StackRuntime.Systemd, StackPorts.From(new StackOptions()), Variables: new(StringComparer.Ordinal), Flags: new(StringComparer.Ordinal) { ["Stack:Without"] = "grafana" });
        // Every program resolves: /bin/true stands in for the binaries on PATH, whose presence is not what is tested here.
        return [.. NativeComponents.Plan(_layout, settings, ["/opt/supawatch/supawatch"], variables)
            .Select(c => c.Executable is null ? c with { Executable = ["/bin/true"] } : c)];
    }
}
