namespace Supawatch.Instances;

/// <summary>
/// A tenant's anon API key, read from its containers' environment or the master DB for the checks through Kong. It is sent in the
/// <c>apikey</c> header of those checks and nowhere else: <see cref="ToString"/> hides it, so a record that holds one
/// (<see cref="ContainerInfo"/>) can be logged or printed without showing it.
/// </summary>
/// <param name="Value">The key itself; read it only to put it in a request header.</param>
/// <param name="Variable">Where it was read from, safe to show: the environment variable, or <see cref="MasterDb.MasterDbQuery.AnonKeySource"/>.</param>
public sealed record AnonKey(string Value, string Variable)
{
    public override string ToString() => $"(anon key from {Variable}, hidden)";
}
