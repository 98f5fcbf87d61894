namespace Supawatch.History;

/// <summary>
/// A past day as its bar needs it (colour and percent available): the rounds up, degraded, down and stopped, 16 bytes
/// against <see cref="DayCounts"/>' 40. The history cache keeps 89 of these per instance (1.4 KB; 14 MB at 10,000
/// instances, against 36 MB as <see cref="DayCounts"/>). A past day's unknown rounds, response times and error-budget
/// counters are summed into the 7/30/90-day windows when the days are read (<see cref="PastDays.From"/>) and stay in
/// the store; nothing shows them per day.
/// </summary>
internal readonly record struct DayBar(int Up, int Degraded, int Down, int Stopped)
{
    public static DayBar From(DayCounts day) => new(day.Up, day.Degraded, day.Down, day.Stopped);

    public DayCounts ToCounts() => new(Up, Degraded, Down, Stopped, Unknown: 0, ResponseCount: 0, ResponseMsSum: 0);
}
