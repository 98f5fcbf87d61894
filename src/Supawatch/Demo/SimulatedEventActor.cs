namespace Supawatch.Demo;

/// <summary>The container an event is about: its id, and its name and exit code as attributes.</summary>
public sealed record SimulatedEventActor(string ID, Dictionary<string, string> Attributes);
