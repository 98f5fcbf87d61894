using System.CommandLine;
using Supawatch.Common;
using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.Validation;

namespace Supawatch.Cli;

/// <summary>Flags every verb takes; each overrides its environment variable.</summary>
public static class GlobalOptions
{
    public static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "JSON configuration file (see docs/configuration.md); environment variables and flags override it",
        Recursive = true,
    };

    private static readonly (Option<string?> Option, string Key)[] Overrides =
    [
        (new("--data-dir") { Description = "Data folder (SUPAWATCH_DATA_DIR)", Recursive = true }, "Storage:DataDir"),
        (new("--docker-host") { Description = "Docker Engine API (DOCKER_HOST)", Recursive = true }, "Discovery:DockerHost"),
        (new("--prometheus-url") { Description = "Prometheus to reload (PROMETHEUS_URL)", Recursive = true }, "Prometheus:Url"),
        (new("--discovery-interval") { Description = "Full reconcile period, e.g. 60 or 1m (DISCOVERY_INTERVAL)", Recursive = true }, "Discovery:Interval"),
        (new("--metrics-listen") { Description = "Metrics/API address:port (SUPAWATCH_METRICS_LISTEN)", Recursive = true }, "Server:MetricsListen"),
        (new("--status-listen") { Description = "Status page address:port (SUPAWATCH_STATUS_LISTEN)", Recursive = true }, "Server:StatusListen"),
    ];

    public static void AddTo(Command command)
    {
        command.Options.Add(Config);
        foreach (var (option, _) in Overrides)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Builds the configuration and validates it; prints every error and returns null when invalid.</summary>
    /// <param name="environment">The seed variables to use instead of this process's environment (<c>stack setup</c>: its record merged with the shell's).</param>
    /// <param name="configFile">The config file when <c>--config</c> is not given (<c>stack setup</c>: the one it recorded).</param>
    public static IConfigurationRoot? Load(ParseResult parse, TextWriter errors, IReadOnlyDictionary<string, string>? environment = null, string? configFile = null)
    {
        var flags = Overrides
            .Select(o => (o.Key, Value: parse.GetValue(o.Option)))
            .Where(o => o.Value is not null)
            .Select(o => new KeyValuePair<string, string?>(o.Key, o.Key == "Discovery:Interval" && Durations.TryParse(o.Value, out var d) ? Durations.ToBinderString(d) : o.Value));

        IConfigurationRoot configuration;
        try
        {
            configuration = SupawatchConfiguration.Build(parse.GetValue(Config)?.FullName ?? configFile, environment, flags);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException)
        {
            errors.WriteLine($"error: cannot read --config: {ex.Message}");
            return null;
        }

        var problems = ConfigurationValidator.Validate(configuration);
        foreach (var problem in problems)
        {
            errors.WriteLine($"error: {problem}");
        }

        return problems.Count == 0 ? configuration : null;
    }

    /// <summary>
    /// Sets a verb's action to load and validate the configuration first; an invalid one prints every error
    /// and exits <see cref="ExitCodes.BadConfiguration"/> before <paramref name="run"/> is called.
    /// </summary>
    public static void SetConfiguredAction(this Command command, Func<IConfiguration, CancellationToken, Task<int>> run) =>
        command.SetConfiguredAction((configuration, _, cancellationToken) => run(configuration, cancellationToken));

    /// <summary>As above, for a verb that reads its own flags from the <see cref="ParseResult"/>.</summary>
    public static void SetConfiguredAction(this Command command, Func<IConfiguration, ParseResult, CancellationToken, Task<int>> run) =>
        command.SetAction(async (parse, cancellationToken) =>
            Load(parse, Console.Error) is { } configuration
                ? await run(configuration, parse, cancellationToken)
                : ExitCodes.BadConfiguration);

    /// <summary>A host for a one-shot verb: discovery and whatever <paramref name="configure"/> adds, warnings only on the console.</summary>
    public static IHost BuildOneShotHost(IConfiguration configuration, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // Logs go to stderr, so stdout is the verb's own output. A failed source is printed by the verb itself,
        // once, as "error: …" with what to fix; the engine's warning would say it a second time.
        builder.Logging.AddSupawatchConsole(configuration).SetMinimumLevel(LogSettings.Level(configuration) ?? LogLevel.Warning)
            .AddFilter(typeof(DiscoveryEngine).FullName, LogLevel.Error);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddDiscovery(configuration);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
