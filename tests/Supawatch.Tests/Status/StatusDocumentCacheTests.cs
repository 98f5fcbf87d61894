using Supawatch.Health;
using Supawatch.Instances;
using Supawatch.Status;

namespace Supawatch.Tests.Status;

public sealed class StatusDocumentCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Current_HealthLoopBuiltThisRound_ServesThatDocument()
    {
        var (health, documents, cache) = Cache();
        var snapshot = Round(7);
        var built = StatusDocumentBuilder.Build(snapshot, Now);
        documents.Publish(built);
        health.Publish(snapshot);

        Assert.Same(built, cache.Current.Document);
    }

    [Fact]
    public void Current_DocumentOfAnotherRound_BuildsFromTheSnapshot()
    {
        var (health, documents, cache) = Cache();
        documents.Publish(StatusDocumentBuilder.Build(Round(6), Now));
        health.Publish(Round(7));

        var document = cache.Current.Document;

        Assert.Equal(7, document.Round);
        Assert.Equal("p7", Assert.Single(Assert.Single(document.Organizations).Instances).ProjectName);
    }

    [Fact]
    public void Pages_DocumentPublishedAgainWithinTheRound_ShowTheNewOne()
    {
        var (health, documents, cache) = Cache();
        var snapshot = Round(7);
        documents.Publish(StatusDocumentBuilder.Build(snapshot, Now));
        health.Publish(snapshot);
        var before = cache.Organization("en", "org1").Html;

        // What a notice change does: the same round's document again, now with a line for the page.
        documents.Publish(StatusDocumentBuilder.Build(snapshot, Now) with { Notice = "Database upgrade tonight" });

        Assert.DoesNotContain("Database upgrade tonight", before, StringComparison.Ordinal);
        Assert.Contains("Database upgrade tonight", cache.Organization("en", "org1").Html, StringComparison.Ordinal);
        Assert.Equal("Database upgrade tonight", cache.Current.Document.Notice);
    }

    [Fact]
    public void Badge_OfAnInstance_IsNotServedWhileIdsAreHidden_TheOrganizationsIs()
    {
        var (health, documents, shown) = Cache();
        var hidden = new StatusDocumentCache(health, documents, TimeProvider.System, new StatusPageOptions { HideIds = true });
        health.Publish(Round(7));

        Assert.NotNull(shown.Badge("instance", "i1", "status", "en"));
        Assert.Null(hidden.Badge("instance", "i1", "status", "en"));
        Assert.Null(hidden.Badge("instance", "instance-1", "status", "en"));
        Assert.NotNull(hidden.Badge("org", "org1", "status", "en"));
    }

    [Fact]
    public void RedactedJson_NamesNoInstanceIdOrHost_TheFullOneStillDoes()
    {
        var (health, documents, cache) = Cache();
        var snapshot = Round(7) with { Instances = [new InstanceHealth("tenant_secret_1", "org1", "Acme", null, HealthStatus.Up, HealthStatus.Up, Now, null, []) { Host = "dockerhost-7" }] };
        documents.Publish(StatusDocumentBuilder.Build(snapshot, Now) with
        {
            Maintenance = [new StatusMaintenance(1, "host", "dockerhost-7", Now, Now.AddHours(1), true, null, "kernel"),
                new StatusMaintenance(2, "instance", "tenant_secret_1", Now.AddHours(2), Now.AddHours(3), false, null, "")],
        });
        health.Publish(snapshot);

        var full = Plain(cache.Current.Json);
        var redacted = Plain(cache.RedactedJson);

        Assert.Contains("tenant_secret_1", full, StringComparison.Ordinal);
        Assert.Contains("dockerhost-7", full, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant_secret_1", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("dockerhost-7", redacted, StringComparison.Ordinal);
        Assert.Contains("\"instance_id\":\"instance-1\"", redacted, StringComparison.Ordinal);
        Assert.Contains("\"target_id\":\"instance-1\"", redacted, StringComparison.Ordinal);
        Assert.Contains("kernel", redacted, StringComparison.Ordinal);
    }

    private static (HealthStore Health, StatusDocumentStore Documents, StatusDocumentCache Cache) Cache()
    {
        var health = new HealthStore();
        var documents = new StatusDocumentStore();
        return (health, documents, new StatusDocumentCache(health, documents, TimeProvider.System, StatusPageOptions.Default));
    }

    private static HealthSnapshot Round(long round) => new()
    {
        Round = round,
        CheckedAt = Now,
        Interval = TimeSpan.FromSeconds(30),
        Instances = [new InstanceHealth("i1", "org1", "Acme", $"p{round}", HealthStatus.Up, HealthStatus.Up, Now, null, [])],
    };

    private static string Plain(Supawatch.Common.GzippedBody body)
    {
        using var reader = new StreamReader(body.OpenPlain());
        return reader.ReadToEnd();
    }
}
