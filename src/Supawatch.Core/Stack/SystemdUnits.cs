using System.Text;

namespace Supawatch.Stack;

/// <summary>
/// The native components as systemd system units, one per component (<c>supawatch-stack-prometheus.service</c>, …),
/// grouped by <c>supawatch-stack.target</c>, which <c>multi-user.target</c> wants: the stack starts at boot. Each runs
/// the same command, ports and folder as the native runtime, as the folder's owner, restarted by systemd on failure
/// (after <see cref="RestartSeconds"/> s; <see cref="StartLimitBurst"/> starts within <see cref="StartLimitSeconds"/> s
/// and systemd gives up: the unit is <c>failed</c>, the crash loop), with the sandboxing of systemd.exec(7) that these
/// programs allow: no new privileges, the file system read-only except the monitoring folder, no capabilities.
/// A component's environment (Supawatch's may hold secrets) is in <c>secrets/NAME.env</c>, mode 600, not in the unit.
/// </summary>
public static class SystemdUnits
{
    public const string Target = "supawatch-stack.target";
    public const int RestartSeconds = 2;
    public const int StartLimitBurst = 5;
    public const int StartLimitSeconds = 120;

    /// <summary>Where the units are installed (system scope).</summary>
    public const string SystemUnitDirectory = "/etc/systemd/system";

    /// <summary>Where setup writes them first, inside the monitoring folder (<c>systemd/</c>), to be verified and installed.</summary>
    public static string Directory(StackLayout layout) => Path.Combine(layout.Root, "systemd");

    public static string UnitName(string component) => $"supawatch-stack-{component}.service";

    public static string EnvironmentFile(StackLayout layout, string component) => Path.Combine(layout.SecretsDirectory, $"systemd-{component}.env");

    /// <summary>
    /// The units and environment files of <paramref name="components"/> whose program is installed; a missing
    /// required one is a problem, a missing optional one (Grafana) is left out with a note.
    /// </summary>
    /// <param name="owner">The <c>uid:gid</c> the components run as (the folder's owner), or null for root.</param>
    public static IReadOnlyList<SystemdUnit> Render(StackLayout layout, IReadOnlyList<NativeComponent> components, string? owner, List<string> problems, List<string> notes)
    {
        if (SystemdSyntax.PathProblem(layout.Root) is { } pathProblem)
        {
            problems.Add(pathProblem);
            return [];
        }

        var units = new List<SystemdUnit>();
        foreach (var component in components)
        {
            if (component.ResolveCommand() is not { } command)
            {
                var message = $"{component.Name}: '{component.Candidates[0]}' is not on PATH; install {component.Package}";
                (component.Optional ? notes : problems).Add(component.Optional ? message + " (left out of the units)" : message + $" (apt-get install {component.Package})");
                continue;
            }

            if (component.Environment.Count > 0)
            {
                var environment = new StringBuilder("# Written by `supawatch stack setup --runtime systemd`; re-run setup to change it.\n");
                foreach (var (name, value) in component.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Where(e => !e.Value.Contains('\n', StringComparison.Ordinal)))
                {
                    environment.Append(SystemdSyntax.EnvironmentLine(name, value)).Append('\n');
                }

                units.Add(new SystemdUnit(Path.GetFileName(EnvironmentFile(layout, component.Name)), environment.ToString(), IsUnit: false));
            }

            units.Add(new SystemdUnit(UnitName(component.Name), Service(layout, component, command, owner)));
        }

        units.Add(new SystemdUnit(Target, TargetUnit(layout, units.Where(u => u.IsUnit).Select(u => u.Name))));
        return units;
    }

    private static string Service(StackLayout layout, NativeComponent component, IReadOnlyList<string> command, string? owner)
    {
        var text = new StringBuilder()
            .Append("# Written by `supawatch stack setup --runtime systemd`; re-run setup to change it (edits: 'systemctl edit', a drop-in).\n")
            .Append("[Unit]\n")
            .Append($"Description=Supawatch stack: {component.Name} ({layout.Root})\n")
            .Append("After=network-online.target\nWants=network-online.target\n")
            .Append($"PartOf={Target}\n")
            .Append($"StartLimitIntervalSec={StartLimitSeconds}\nStartLimitBurst={StartLimitBurst}\n\n")
            .Append("[Service]\nType=exec\n");
        if (owner is not null)
        {
            var (uid, gid) = (owner.Split(':')[0], owner.Split(':')[1]);
            text.Append($"User={uid}\nGroup={gid}\n");
        }

        text.Append($"WorkingDirectory={layout.Root}\n");
        if (component.Environment.Count > 0)
        {
            text.Append($"EnvironmentFile={EnvironmentFile(layout, component.Name)}\n");
        }

        text.Append("ExecStart=").Append(string.Join(' ', command.Select(SystemdSyntax.Word))).Append('\n')
            .Append("Restart=on-failure\n")
            .Append($"RestartSec={RestartSeconds}\n")
            .Append($"StandardOutput=append:{layout.LogFile(component.Name)}\n")
            .Append("StandardError=inherit\n")
            .Append("# Hardening (systemd.exec(7)): what these programs need is the network and the monitoring folder.\n")
            .Append("NoNewPrivileges=yes\n")
            .Append("ProtectSystem=strict\n")
            .Append($"ReadWritePaths={layout.Root}\n")
            .Append("ProtectHome=read-only\n")
            // A private /tmp would hide a monitoring folder that lives under it.
            .Append(InTemporaryFolder(layout.Root) ? "" : "PrivateTmp=yes\n")
            .Append("PrivateDevices=yes\n")
            .Append("ProtectKernelTunables=yes\n")
            .Append("ProtectKernelModules=yes\n")
            .Append("ProtectKernelLogs=yes\n")
            .Append("ProtectControlGroups=yes\n")
            .Append("ProtectClock=yes\n")
            .Append("ProtectHostname=yes\n")
            .Append("RestrictSUIDSGID=yes\n")
            .Append("RestrictNamespaces=yes\n")
            .Append("RestrictRealtime=yes\n")
            .Append("LockPersonality=yes\n")
            .Append("CapabilityBoundingSet=\n")
            .Append("SystemCallArchitectures=native\n")
            // AF_UNIX: the Docker socket (Supawatch); AF_NETLINK: node_exporter's network collectors.
            .Append("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK\n")
            .Append("UMask=0027\n\n")
            .Append($"[Install]\nWantedBy={Target}\n");
        return text.ToString();
    }

    private static readonly string[] TemporaryFolders = ["/tmp/", "/var/tmp/"];

    private static bool InTemporaryFolder(string path) =>
        TemporaryFolders.Any(t => (path + "/").StartsWith(t, StringComparison.Ordinal));

    private static string TargetUnit(StackLayout layout, IEnumerable<string> services) =>
        new StringBuilder()
            .Append("# Written by `supawatch stack setup --runtime systemd`; re-run setup to change it.\n")
            .Append("[Unit]\n")
            .Append($"Description=Supawatch monitoring stack ({layout.Root})\n")
            .Append($"Wants={string.Join(' ', services)}\n\n")
            .Append("[Install]\nWantedBy=multi-user.target\n")
            .ToString();
}
