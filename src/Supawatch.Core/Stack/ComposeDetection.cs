namespace Supawatch.Stack;

/// <summary>
/// Whether the docker runtime can run here, and why not: a Docker engine must answer <b>and</b> a compose that
/// has <c>up --wait</c> must exist — the <c>docker compose</c> plugin, or a standalone <c>docker-compose</c> v2.
/// Debian's <c>docker.io</c> has no compose plugin, and its <c>docker-compose</c> is 1.29 (no <c>--wait</c>).
/// </summary>
/// <param name="Command">How to run compose (<c>docker compose</c> or <c>docker-compose</c>); null when the docker runtime cannot run.</param>
/// <param name="Reason">One line saying what answered, or what is missing and what to install.</param>
public sealed record ComposeDetection(IReadOnlyList<string>? Command, string Reason)
{
    public bool Usable => Command is not null;
}
