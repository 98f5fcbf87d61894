namespace Supawatch.Demo;

/// <summary>A container event as the Docker Engine API's <c>/events</c> stream sends it (the fields Supawatch reads).</summary>
public sealed record SimulatedEvent(string Type, string Action, SimulatedEventActor Actor, long Time);
