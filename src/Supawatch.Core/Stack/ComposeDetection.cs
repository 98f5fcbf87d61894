namespace Supawatch.Stack;

/// <summary>
/// Whether the docker runtime can run here, and why not: a Docker engine must answer <b>and</b> a compose must exist —
/// the <c>docker compose</c> plugin, a standalone <c>docker-compose</c> v2, or Debian's <c>docker-compose</c> 1.29
/// (1.27 or newer: it reads a compose file without <c>version:</c>). Compose 1.x has no <c>up --wait</c>:
/// <see cref="DockerCompose"/> then waits on the containers' health states itself.
/// </summary>
/// <param name="Command">How to run compose (<c>docker compose</c> or <c>docker-compose</c>); null when the docker runtime cannot run.</param>
/// <param name="Reason">One line saying what answered, or what is missing and what to install.</param>
/// <param name="HasWait">The compose has <c>up --wait</c> (v2); false for 1.x.</param>
public sealed record ComposeDetection(IReadOnlyList<string>? Command, string Reason, bool HasWait = true)
{
    public bool Usable => Command is not null;
}
