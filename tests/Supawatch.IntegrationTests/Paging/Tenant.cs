namespace Supawatch.IntegrationTests.Paging;

/// <summary>A tenant instance of the test fleet: its master-DB row and the host its containers run on.</summary>
public sealed record Tenant(string InstanceId, string OrgId, string OrgName, string Project, string ExpectedState, FleetHost Host)
{
    /// <summary>The containers every tenant has: Kong and Studio (busybox httpd) and a real PostgreSQL.</summary>
    public IReadOnlyList<string> Containers => [$"{InstanceId}_kong", $"{InstanceId}_studio", $"{InstanceId}_db"];

    /// <summary>Kong's container.</summary>
    public string Kong => $"{InstanceId}_kong";
}
