namespace Supawatch.Docker;

/// <summary>One Docker Engine API Supawatch discovers from: its name (the <c>host</c> label), endpoint and TLS folder.</summary>
/// <param name="Name">Operator-chosen name, e.g. <c>eu-1</c>; carried as <c>host</c> on every target and series.</param>
/// <param name="Endpoint">A validated <c>unix://</c> or <c>tcp://</c> endpoint.</param>
/// <param name="CertDir">A folder holding <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c> (like Docker's
/// <c>DOCKER_CERT_PATH</c>) for a TLS <c>tcp://</c> endpoint; null for plain connections.</param>
public sealed record DockerHostSpec(string Name, Uri Endpoint, string? CertDir);
