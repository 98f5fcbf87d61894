using CsCheck;
using Supawatch.Configuration;
using Supawatch.Stack;
using Supawatch.Tests.Security;
using Supawatch.Validation;

namespace Supawatch.Tests.Stack;

/// <summary>The Alertmanager cluster: its settings, their validation, and what each runtime and prometheus.yml get.</summary>
public sealed class AlertmanagerClusterTests
{
    private static readonly StackPorts Ports = StackPorts.From(new StackOptions());

    private static AlertmanagerCluster Cluster(StackOptions options)
    {
        var errors = new List<string>();
        var cluster = AlertmanagerCluster.From(options, errors);
        Assert.Empty(errors);
        return Assert.IsType<AlertmanagerCluster>(cluster);
    }

    private static IReadOnlyList<string> NativeAlertmanagerArguments(AlertmanagerCluster? cluster)
    {
        var layout = new StackLayout("/srv/monitoring");
        var plan = NativeComponents.Plan(layout, new StackSettings(StackRuntime.Native, Ports, AlertmanagerCluster: cluster), ["supawatch"]);
        return plan.Single(c => c.Name == StackComponents.Alertmanager).Arguments;
    }

    private static Dictionary<object, object> ComposeAlertmanager(AlertmanagerCluster? cluster) =>
        StackYaml.Map(StackYaml.Map(StackYaml.Parse(ComposeConfig.Render(ComposeConfig.Build(Ports, "1000:1000", "supawatch:local", null, cluster))), "services"), StackComponents.Alertmanager);

    private static List<string> AlertmanagerTargets(StackRuntime runtime, AlertmanagerCluster? cluster)
    {
        var yaml = StackYaml.Parse(PrometheusConfig.Render(PrometheusConfig.Build(runtime, Ports, TimeSpan.FromSeconds(30), cluster: cluster)));
        var alertmanagers = StackYaml.List(StackYaml.Map(yaml, "alerting"), "alertmanagers");
        return alertmanagers.SelectMany(a => StackYaml.List(a, "static_configs")).SelectMany(s => StackYaml.List(s, "targets")).Cast<string>().ToList();
    }

    [Fact]
    public void From_NoPeers_IsNullSoClusteringStaysOff()
    {
        var errors = new List<string>();

        Assert.Null(AlertmanagerCluster.From(new StackOptions(), errors));
        Assert.Null(AlertmanagerCluster.From(new StackOptions { AlertmanagerPeers = " , " }, errors));
        Assert.Empty(errors);
    }

    [Fact]
    public void NativeArguments_ClusteringOff_PassesAnEmptyListenAddressAndNoPeer()
    {
        var arguments = NativeAlertmanagerArguments(null);

        Assert.Contains("--cluster.listen-address=", arguments);
        Assert.DoesNotContain(arguments, a => a.StartsWith("--cluster.peer", StringComparison.Ordinal) || a.StartsWith("--cluster.advertise", StringComparison.Ordinal));
    }

    [Fact]
    public void ComposeCommand_ClusteringOff_PassesAnEmptyListenAddressAndPublishesNoGossipPort()
    {
        var alertmanager = ComposeAlertmanager(null);

        Assert.Contains("--cluster.listen-address=", StackYaml.List(alertmanager, "command").Cast<string>());
        Assert.Equal(["127.0.0.1:9093:9093"], StackYaml.List(alertmanager, "ports").Cast<string>());
    }

    [Fact]
    public void From_PeersOnly_ListensAndAdvertisesOnTheBindAddressPort9094()
    {
        var cluster = Cluster(new StackOptions { Bind = "10.0.0.11", AlertmanagerPeers = "am-2.internal:9094, 10.0.0.13:9094,am-2.internal:9094" });

        Assert.Equal("10.0.0.11:9094", cluster.ListenAddress);
        Assert.Equal("10.0.0.11:9094", cluster.AdvertiseAddress);
        Assert.Equal(["am-2.internal:9094", "10.0.0.13:9094"], cluster.Peers);
    }

    [Fact]
    public void NativeArguments_Cluster_ListenAdvertiseAndOnePeerFlagEach()
    {
        var cluster = Cluster(new StackOptions { AlertmanagerPeers = "am-2:9094,[fd00::12]:9094", AlertmanagerClusterListen = "0.0.0.0:9394", AlertmanagerClusterAdvertise = "10.0.0.11:9394" });

        var arguments = NativeAlertmanagerArguments(cluster);

        Assert.Equal(
            ["--cluster.listen-address=0.0.0.0:9394", "--cluster.advertise-address=10.0.0.11:9394", "--cluster.peer=am-2:9094", "--cluster.peer=[fd00::12]:9094"],
            arguments.Where(a => a.StartsWith("--cluster.", StringComparison.Ordinal)));
    }

    [Fact]
    public void ComposeCommand_Cluster_GossipsInTheContainerAdvertisesTheHostAndPublishesTcpAndUdp()
    {
        var cluster = Cluster(new StackOptions { Bind = "10.0.0.11", AlertmanagerPeers = "am-2:9094,am-3:9094" });

        var alertmanager = ComposeAlertmanager(cluster);

        Assert.Equal(
            ["--cluster.listen-address=0.0.0.0:9094", "--cluster.advertise-address=10.0.0.11:9094", "--cluster.peer=am-2:9094", "--cluster.peer=am-3:9094"],
            StackYaml.List(alertmanager, "command").Cast<string>().Where(a => a.StartsWith("--cluster.", StringComparison.Ordinal)));
        Assert.Equal(["127.0.0.1:9093:9093", "10.0.0.11:9094:9094/tcp", "10.0.0.11:9094:9094/udp"], StackYaml.List(alertmanager, "ports").Cast<string>());
    }

    [Fact]
    public void PrometheusAlerting_ClusteringOff_OnlyTheLocalAlertmanager()
    {
        Assert.Equal(["127.0.0.1:9093"], AlertmanagerTargets(StackRuntime.Native, null));
        Assert.Equal(["alertmanager:9093"], AlertmanagerTargets(StackRuntime.Docker, null));
    }

    [Fact]
    public void PrometheusAlerting_Cluster_ListsEveryMemberOnItsApiPortAndThisOneOnce()
    {
        // The same peer list on every host is common: this Alertmanager's own address in it is not listed twice.
        var cluster = Cluster(new StackOptions { Bind = "10.0.0.11", AlertmanagerPeers = "10.0.0.11:9094,am-2.internal:9094,[fd00::13]:9094" });
        var ports = StackPorts.From(new StackOptions { Bind = "10.0.0.11" });

        var yaml = StackYaml.Parse(PrometheusConfig.Render(PrometheusConfig.Build(StackRuntime.Native, ports, TimeSpan.FromSeconds(30), cluster: cluster)));
        var targets = StackYaml.List(StackYaml.Map(yaml, "alerting"), "alertmanagers").SelectMany(a => StackYaml.List(a, "static_configs")).SelectMany(s => StackYaml.List(s, "targets")).Cast<string>();

        Assert.Equal(["10.0.0.11:9093", "am-2.internal:9093", "[fd00::13]:9093"], targets);
        Assert.Equal(["alertmanager:9093", "am-2.internal:9093", "[fd00::13]:9093"], AlertmanagerTargets(StackRuntime.Docker, cluster));
    }

    [Fact]
    public void Settings_ClusterRoundTripsThroughStackJson_AndAnOlderFileHasNone()
    {
        var directory = Directory.CreateTempSubdirectory("supawatch-amcluster-").FullName;
        try
        {
            var cluster = Cluster(new StackOptions { AlertmanagerPeers = "am-2:9094" });
            File.WriteAllText(Path.Combine(directory, StackSettings.FileName), new StackSettings(StackRuntime.Native, Ports, AlertmanagerCluster: cluster).ToJson());
            var loaded = StackSettings.Load(directory)!.AlertmanagerCluster!;
            Assert.Equal((cluster.ListenAddress, cluster.AdvertiseAddress), (loaded.ListenAddress, loaded.AdvertiseAddress));
            Assert.Equal(cluster.Peers, loaded.Peers);

            File.WriteAllText(Path.Combine(directory, StackSettings.FileName), new StackSettings(StackRuntime.Native, Ports).ToJson().Replace("\"alertmanagerCluster\": null", "\"x\": 1", StringComparison.Ordinal));
            Assert.Null(StackSettings.Load(directory)!.AlertmanagerCluster);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("am-2")]
    [InlineData("am-2:")]
    [InlineData(":9094")]
    [InlineData("am-2:0")]
    [InlineData("am-2:65536")]
    [InlineData("am-2:94x")]
    [InlineData("am 2:9094")]
    [InlineData("\"am-2\":9094")]
    [InlineData("am-2:9094\n  - --web.listen-address=0.0.0.0:1")]
    [InlineData("am-2\n:9094")]
    [InlineData("am-2:9094\0")]
    [InlineData("'am-2':9094")]
    [InlineData("am-2:9094 --cluster.peer=evil:1")]
    [InlineData("-am:9094")]
    [InlineData("am_2:9094")]
    [InlineData("http://am-2:9094")]
    [InlineData("fd00::12:9094")]
    [InlineData("[not-v6]:9094")]
    [InlineData("{{ .x }}:9094")]
    [InlineData("ам-2:9094")]
    public void From_PeerThatIsNotHostPort_IsRefusedNamingTheVariable(string peer)
    {
        var errors = new List<string>();

        var cluster = AlertmanagerCluster.From(new StackOptions { AlertmanagerPeers = $"am-1:9094,{peer}" }, errors);

        var error = Assert.Single(errors);
        Assert.StartsWith("SUPAWATCH_ALERTMANAGER_PEERS (or --alertmanager-peer): '", error, StringComparison.Ordinal);
        Assert.DoesNotContain(error, char.IsControl);
        Assert.NotNull(cluster); // the good peer stays; setup refuses to go on because of the error
        Assert.Equal(["am-1:9094"], cluster.Peers);
    }

    [Theory]
    [InlineData("SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN", "am-1:9094")]
    [InlineData("SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN", "10.0.0.11")]
    [InlineData("SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN", "10.1:9094")]
    [InlineData("SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN", "10.0.0.11\n:9094")]
    [InlineData("SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN", "fd00::11:9094")]
    [InlineData("SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN", "[fe80::1%eth0]:9094")]
    [InlineData("SUPAWATCH_ALERTMANAGER_CLUSTER_ADVERTISE", "0.0.0.0:9094")]
    [InlineData("SUPAWATCH_ALERTMANAGER_CLUSTER_ADVERTISE", "host.example:9094")]
    [InlineData("SUPAWATCH_ALERTMANAGER_CLUSTER_ADVERTISE", "10.0.0.11:9094\"")]
    public void From_ListenOrAdvertiseThatIsNotIpPort_IsRefusedNamingTheVariable(string variable, string value)
    {
        var options = new StackOptions { AlertmanagerPeers = "am-2:9094" };
        if (variable.EndsWith("LISTEN", StringComparison.Ordinal))
        {
            options.AlertmanagerClusterListen = value;
        }
        else
        {
            options.AlertmanagerClusterAdvertise = value;
        }

        var errors = new List<string>();
        Assert.Null(AlertmanagerCluster.From(options, errors));

        var error = Assert.Single(errors);
        Assert.StartsWith(variable + ": ", error, StringComparison.Ordinal);
        Assert.DoesNotContain(error, char.IsControl);
    }

    [Fact]
    public void From_ListeningOnEveryAddressWithoutAdvertise_AsksForTheAdvertiseAddress()
    {
        var errors = new List<string>();

        Assert.Null(AlertmanagerCluster.From(new StackOptions { Bind = "0.0.0.0", AlertmanagerPeers = "am-2:9094" }, errors));

        Assert.StartsWith("SUPAWATCH_ALERTMANAGER_CLUSTER_ADVERTISE: gossip listens on 0.0.0.0:9094", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void LoopbackWarning_GossipOnLoopbackWithARemotePeer_SaysThePeerCannotReachIt()
    {
        Assert.Contains("peer am-2:9094 cannot reach", Cluster(new StackOptions { AlertmanagerPeers = "127.0.0.1:9194,am-2:9094" }).LoopbackWarning(), StringComparison.Ordinal);
        Assert.Null(Cluster(new StackOptions { AlertmanagerPeers = "127.0.0.1:9194,localhost:9294,[::1]:9394" }).LoopbackWarning());
        Assert.Null(Cluster(new StackOptions { Bind = "10.0.0.11", AlertmanagerPeers = "am-2:9094" }).LoopbackWarning());
    }

    [Fact]
    public void From_ListenWithoutPeers_IsRefusedBecauseClusteringIsOff()
    {
        var errors = new List<string>();

        Assert.Null(AlertmanagerCluster.From(new StackOptions { AlertmanagerClusterListen = "127.0.0.1:9094" }, errors));

        Assert.Contains("need SUPAWATCH_ALERTMANAGER_PEERS", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PeersFromTheEnvironment_AreCheckedWithEverythingElse()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string> { ["SUPAWATCH_ALERTMANAGER_PEERS"] = "am-2:9094,am 3:9094" });

        var error = Assert.Single(ConfigurationValidator.Validate(configuration));

        Assert.StartsWith("SUPAWATCH_ALERTMANAGER_PEERS", error, StringComparison.Ordinal);
    }

    [Fact]
    public void From_HostilePeerText_IsRefusedOrRenderedAsExactlyThatOneArgumentAndTarget()
    {
        // Hostile text, and hostile text dressed as host:port so some of it gets past the first check.
        var peers = Gen.Frequency(
            (1, (IGen<string>)HostileText.TextOrLong()),
            (2, Gen.Select(HostileText.Text(6), Gen.Int[0, 70000]).Select((host, port) => $"am{host}:{port}")));
        var accepted = 0;
        HostileText.ForAll(peers, peer =>
        {
            var errors = new List<string>();
            var cluster = AlertmanagerCluster.From(new StackOptions { AlertmanagerPeers = peer.Replace(",", "", StringComparison.Ordinal) }, errors);
            if (errors.Count > 0)
            {
                Assert.All(errors, e => Assert.DoesNotContain(e, char.IsControl));
                return;
            }

            if (cluster is null)
            {
                return; // blank: clustering off
            }

            accepted++;
            var value = Assert.Single(cluster.Peers);
            Assert.DoesNotContain(value, c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '#' or '{' or '}' or ',' or '=');
            Assert.Single(NativeAlertmanagerArguments(cluster), a => a == $"--cluster.peer={value}");
            Assert.Single(StackYaml.List(ComposeAlertmanager(cluster), "command").Cast<string>(), a => a == $"--cluster.peer={value}");
            Assert.Equal(["127.0.0.1:9093", $"{value[..value.LastIndexOf(':')]}:9093"], AlertmanagerTargets(StackRuntime.Native, cluster));
        });
        Assert.True(accepted > 0, "no generated peer was accepted: the property checked refusals only");
    }
}
