using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Supawatch.Bench.Measurement;
using Supawatch.Instances;
using Supawatch.Status;
using Supawatch.Tests.Status;

namespace Supawatch.Bench.Status;

/// <summary>
/// <c>status-pages-1000</c>: what the status listener prepares once per round at 1,000 instances (the synthetic fleet
/// of the status page tests: 100 organizations, 90 days of history each) — the overview, one organization's page,
/// overview.json, an organization's JSON, a badge — each timed over several renders, with its size. The first paint
/// in Chromium is measured by StatusPageAccessibilityTests (a browser is not part of the bench).
/// </summary>
internal sealed class StatusPagesScenario(BenchArguments arguments, MachineInfo machine, TextWriter log)
{
    public const int Renders = 20;

    /// <summary>The goal of issue 24: the 1,000-instance overview under 300 KB of HTML.</summary>
    public const int OverviewGoalBytes = 300 * 1024;

    public Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var document = StatusDocumentBuilder.Build(SyntheticFleet.Snapshot(arguments.Instances, now), now);
        var orgId = document.Organizations[document.Organizations.Count / 2].OrgId!;
        var rows = new List<(string What, int Bytes, int Gzip, double P50, double Max)>();

        void Measure(string what, Func<byte[]> render)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var body = render();
            var times = new List<double>(Renders);
            for (var i = 0; i < Renders; i++)
            {
                var watch = Stopwatch.StartNew();
                render();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            rows.Add((what, body.Length, Gzip(body), times[Renders / 2], times[^1]));
            log.WriteLine($"status-pages-1000: {what} {body.Length} bytes, p50 {times[Renders / 2]:0.00} ms");
        }

        Measure("overview `/status` (en)", () => Encoding.UTF8.GetBytes(StatusPageRenderer.RenderOverview(document, StatusText.English, StatusFilter.None, hideIds: false, now)));
        Measure("overview, search `?q=loja 5`", () => Encoding.UTF8.GetBytes(StatusPageRenderer.RenderOverview(document, StatusText.English, StatusFilter.From("loja 5", null), hideIds: false, now)));
        Measure($"organization page (10 instances, pt-BR)", () => Encoding.UTF8.GetBytes(StatusPageRenderer.RenderOrganization(document, StatusViews.Organization(document, orgId, hideIds: false), StatusText.Portuguese, orgId, now)));
        Measure("`overview.json`", () => StatusJson.Serialize(StatusViews.Overview(document)));
        Measure("organization JSON", () => StatusJson.Serialize(StatusViews.Organization(document, orgId, hideIds: true)!));
        Measure("`status.json` (whole fleet)", () => StatusJson.Serialize(document).ToArray());
        Measure("badge `uptime-30d.svg`", () => Encoding.UTF8.GetBytes(StatusBadge.Render("uptime-30d", HealthStatus.Up, document.Organizations[0].Uptime, StatusText.English)!));

        var round = RoundCost(now, cancellationToken);

        var table = new MarkdownTable("prepared once per round", "bytes", "gzip bytes", "render p50", "render max");
        foreach (var row in rows)
        {
            table.Row(row.What, row.Bytes.ToString("N0", CultureInfo.InvariantCulture), row.Gzip.ToString("N0", CultureInfo.InvariantCulture),
                Format.Ms(row.P50), Format.Ms(row.Max));
        }

        var overview = rows[0].Bytes;
        var missed = overview < OverviewGoalBytes ? [] : new List<string> { $"status-pages-1000: overview is {overview:N0} bytes, goal under {OverviewGoalBytes:N0}" };
        var markdown = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"## Status pages at {arguments.Instances:N0} instances (`bash bench/run.sh status-pages-1000`, SYNTHETIC fleet)\n\n")
            .Append(CultureInfo.InvariantCulture, $"{machine.Describe()}; load {MachineInfo.LoadNow()}; {Renders} renders each, in process, measured {now:yyyy-MM-dd HH:mm} UTC. ")
            .Append(CultureInfo.InvariantCulture, $"Goal: overview under {OverviewGoalBytes / 1024} KB of HTML — **{(missed.Count == 0 ? "met" : "missed")}** ({overview:N0} bytes).\n\n")
            .Append(table)
            .Append(CultureInfo.InvariantCulture, $"\nOne round's status document as `serve` makes it (build from the round's health, status.json served gzipped, ")
            .Append(CultureInfo.InvariantCulture, $"`<data>/status.json` written; consecutive rounds whose health changed, history the same), {RoundCosts} rounds: ")
            .Append(CultureInfo.InvariantCulture, $"p50 **{round.P50:0.0} ms**, max {round.Max:0.0} ms, **{round.AllocatedMb:0.0} MB** allocated per round (mean).\n")
            .ToString();
        return Task.FromResult(new ScenarioReport("status-pages-1000", markdown, missed));
    }

    /// <summary>Rounds timed by <see cref="RoundCost"/>.</summary>
    public const int RoundCosts = 10;

    /// <summary>
    /// What a health round costs the status document (StatusDocumentWriter and StatusDocumentCache): the document built,
    /// its JSON gzipped for serving and written for the file. Two snapshots alternate (every instance's <c>since</c> and
    /// the round differ, the 90-day history is the same), as consecutive rounds of a live fleet do.
    /// </summary>
    private (double P50, double Max, double AllocatedMb) RoundCost(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var snapshots = new[] { SyntheticFleet.Snapshot(arguments.Instances, now), SyntheticFleet.Snapshot(arguments.Instances, now.AddSeconds(30)) };
        snapshots[1] = snapshots[1] with { Round = snapshots[0].Round + 1 };
        void One(int i)
        {
            var snapshot = snapshots[i % 2];
            var document = StatusDocumentBuilder.Build(snapshot, snapshot.CheckedAt!.Value);
            _ = StatusJson.SerializeGzipped(document);
            StatusJson.Serialize(document, Stream.Null);
        }

        One(0);
        One(1);
        var times = new List<double>(RoundCosts);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < RoundCosts; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            One(i);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var perRound = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)RoundCosts / 1024 / 1024;
        times.Sort();
        log.WriteLine($"status-pages-1000: one round's status document at {arguments.Instances} instances: p50 {times[RoundCosts / 2]:0.0} ms, max {times[^1]:0.0} ms, {perRound:0.0} MB allocated");
        return (times[RoundCosts / 2], times[^1], perRound);
    }

    private static int Gzip(byte[] body)
    {
        using var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(body);
        }

        return (int)compressed.Length;
    }
}
