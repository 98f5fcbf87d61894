namespace Supawatch.Stack;

/// <summary>What a running compose service needs when a file it reads has changed (<see cref="ComposeInputs"/>).</summary>
public enum ComposeInputAction
{
    /// <summary>SIGHUP: Prometheus and Alertmanager read their files again without a restart.</summary>
    Reload,

    /// <summary><c>compose restart</c>: the program reads its files only when it starts.</summary>
    Restart,

    /// <summary><c>compose up --force-recreate</c>: what changed is read when the container is created (an <c>env_file</c>).</summary>
    Recreate,
}
