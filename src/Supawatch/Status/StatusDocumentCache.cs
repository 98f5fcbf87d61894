using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Supawatch.Common;
using Supawatch.Health;

namespace Supawatch.Status;

/// <summary>
/// The status document of the current round (the one the health loop built for status.json), its JSON, and each page,
/// organization JSON and badge made from it, made once per round rather than once per request: a busy public page or a
/// badge embedded in many READMEs costs nothing extra, and every request of one round sees the same data. Only keys the
/// document knows are cached (organizations and instances of this round, two languages), so the cache is bounded.
/// Error budgets are served only where <see cref="ShowsSlo"/> says.
/// </summary>
/// <param name="slo">The objectives, for a document this cache builds itself (before the writer's first); the defaults when null.</param>
public sealed class StatusDocumentCache(HealthStore store, StatusDocumentStore documents, TimeProvider time, StatusPageOptions options, Slo.SloOptions? slo = null)
{
    private readonly Lock _building = new();
    private Entry? _cached;

    public StatusPageOptions Options => options;

    /// <summary>
    /// Whether the overview (page and status.json) carries error budgets: with <c>SUPAWATCH_STATUS_SLO=true</c>, or when
    /// only the operator sees it. Organization pages are public, so they carry them only with the variable.
    /// </summary>
    public bool ShowsSlo => options.ShowSlo || options.Overview == StatusPageOptions.Operator;

    /// <summary>The document and its JSON, kept gzipped (<see cref="GzippedBody"/>), once per round, not per request.</summary>
    public (StatusDocument Document, GzippedBody Json) Current
    {
        get
        {
            var entry = Fresh();
            return (entry.Document, entry.Json);
        }
    }

    /// <summary>
    /// status.json without instance ids and host names (<see cref="StatusRedaction"/>), for a public overview with
    /// <c>SUPAWATCH_STATUS_HIDE_IDS</c>; made on first demand, once per document.
    /// </summary>
    public GzippedBody RedactedJson => Fresh().Redacted.Value;

    /// <summary>The overview JSON (organizations without their instances).</summary>
    public PreparedResponse OverviewJson => Fresh().Overview.Value;

    /// <summary>The overview page; searches are rendered per request (their text is unbounded), the rest once per round.</summary>
    /// <param name="hideIds">Whether this reader may not see instance ids (the public overview with SUPAWATCH_STATUS_HIDE_IDS).</param>
    public string Overview(string language, StatusFilter filter, bool hideIds)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var entry = Fresh();
        if (filter.Query is not null)
        {
            return StatusPageRenderer.RenderOverview(entry.Document, StatusText.For(language), filter, hideIds, time.GetUtcNow());
        }

        return entry.Pages.GetOrAdd(
            $"overview\n{language}\n{filter.ProblemsOnly}\n{hideIds}",
            _ => StatusPageRenderer.RenderOverview(entry.Document, StatusText.For(language), filter, hideIds, time.GetUtcNow()));
    }

    /// <summary>An organization's page (ids hidden when the options say so); not found pages are not cached.</summary>
    public (string Html, bool Found) Organization(string language, string orgId)
    {
        var entry = Fresh();
        var view = View(entry, orgId);
        if (view is null)
        {
            return (StatusPageRenderer.RenderOrganization(entry.Document, null, StatusText.For(language), orgId, time.GetUtcNow()), false);
        }

        var html = entry.Pages.GetOrAdd(
            $"org\n{language}\n{orgId}",
            _ => StatusPageRenderer.RenderOrganization(entry.Document, view, StatusText.For(language), orgId, time.GetUtcNow(), options.HideIds));
        return (html, true);
    }

    /// <summary>An organization's JSON, or null when this round has no such organization.</summary>
    public PreparedResponse? OrganizationJson(string orgId)
    {
        var entry = Fresh();
        if (View(entry, orgId) is not { } view)
        {
            return null;
        }

        return entry.Prepared.GetOrAdd("org.json\n" + orgId, _ => Prepare(StatusJson.Serialize(view)));
    }

    /// <summary>
    /// A badge of an organization (<paramref name="scope"/> <c>org</c>) or an instance (<c>instance</c>); null when the
    /// subject or the kind is unknown, and for every instance while ids are hidden (a badge found by instance id would
    /// confirm that id; the organization's badge stays).
    /// </summary>
    public PreparedResponse? Badge(string scope, string id, string kind, string language)
    {
        var entry = Fresh();
        if (!StatusBadge.Kinds.Contains(kind))
        {
            return null;
        }

        (Instances.HealthStatus Status, StatusUptime Uptime)? subject = scope switch
        {
            "org" => entry.Document.Organizations.FirstOrDefault(o => o.OrgId == id) is { } o ? (o.Status, o.Uptime) : null,
            "instance" when !options.HideIds => entry.Instance(id) is { } i ? (i.Status, i.Uptime) : null,
            _ => null,
        };
        if (subject is not { } found)
        {
            return null;
        }

        return entry.Prepared.GetOrAdd(
            $"badge\n{scope}\n{id}\n{kind}\n{language}",
            _ => Prepare(Encoding.UTF8.GetBytes(StatusBadge.Render(kind, found.Status, found.Uptime, StatusText.For(language))!)));
    }

    private StatusOrganizationDocument? View(Entry entry, string orgId) =>
        // Unknown organizations are not kept: their ids come from the request and are unbounded.
        entry.Document.Organizations.Any(o => o.OrgId == orgId)
            ? entry.Views.GetOrAdd(orgId, id => OrganizationView(entry.Document, id))
            : null;

    private StatusOrganizationDocument OrganizationView(StatusDocument document, string orgId)
    {
        var view = StatusViews.Organization(document, orgId, options.HideIds)!;
        return options.ShowSlo ? view : view with { Organization = StatusRedaction.WithoutSlo(view.Organization) };
    }

    private static PreparedResponse Prepare(byte[] body) =>
        new(body, "\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 12)) + "\"");

    private Entry Fresh()
    {
        var snapshot = store.Current;
        var published = documents.Version;
        var cached = Volatile.Read(ref _cached);
        if (IsCurrent(cached, snapshot, published))
        {
            return cached!;
        }

        // One build per round: requests arriving together wait for it instead of each building its own
        // (at 1,000 instances a build is a 7 MB document).
        lock (_building)
        {
            cached = _cached;
            published = documents.Version;
            if (IsCurrent(cached, snapshot, published))
            {
                return cached!;
            }

            var document = documents.Current is { } built && built.Round == snapshot.Round
                ? built
                : StatusDocumentBuilder.Build(snapshot, time.GetUtcNow(), slo);
            // The JSON served carries the budgets only where they may be shown; the pages render from the whole document.
            var served = ShowsSlo ? document : StatusRedaction.WithoutSlo(document);
            var entry = new Entry(snapshot.Round, published, document, served, StatusJson.SerializeGzipped(served));
            Volatile.Write(ref _cached, entry);
            return entry;
        }
    }

    /// <summary>Same round and no document published since (a notice change publishes one within the round).</summary>
    private static bool IsCurrent(Entry? cached, HealthSnapshot snapshot, long published) =>
        cached is not null && cached.Round == snapshot.Round && cached.Published == published && snapshot.Round > 0;

    private sealed class Entry(long round, long published, StatusDocument document, StatusDocument served, GzippedBody json)
    {
        private Dictionary<string, StatusInstance>? _instances;

        public long Round => round;

        public long Published => published;

        public StatusDocument Document => document;

        public GzippedBody Json => json;

        public ConcurrentDictionary<string, string> Pages { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, PreparedResponse> Prepared { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, StatusOrganizationDocument> Views { get; } = new(StringComparer.Ordinal);

        public Lazy<PreparedResponse> Overview { get; } = new(() => Prepare(StatusJson.Serialize(StatusViews.Overview(document))));

        public Lazy<GzippedBody> Redacted { get; } = new(() => StatusJson.SerializeGzipped(StatusRedaction.Redact(served)));

        public StatusInstance? Instance(string id)
        {
            var instances = Volatile.Read(ref _instances);
            if (instances is null)
            {
                instances = document.Organizations.SelectMany(o => o.Instances).ToDictionary(i => i.InstanceId, StringComparer.Ordinal);
                Volatile.Write(ref _instances, instances);
            }

            return instances.GetValueOrDefault(id);
        }
    }
}
