namespace Supawatch.Instances;

/// <summary>A container port published on the host: <c>HostIp:HostPort</c> reaches <c>PrivatePort/Protocol</c>.</summary>
public sealed record PublishedPort(int PrivatePort, string HostIp, int HostPort, string Protocol);
