namespace Supawatch.History;

/// <summary>
/// A running sum of days' <see cref="DayCounts"/>, in 64 bits (89 days of rounds may pass <see cref="int.MaxValue"/>):
/// the 7/30/90-day windows of <see cref="PastDays"/> and the status page's per-organization days add up alike.
/// </summary>
internal struct DayCountsSum
{
    private long _up, _degraded, _down, _stopped, _unknown, _responses, _sloBad, _sloCounted;
    private double _responseMs;

    public void Add(DayCounts day)
    {
        _up += day.Up;
        _degraded += day.Degraded;
        _down += day.Down;
        _stopped += day.Stopped;
        _unknown += day.Unknown;
        _responses += day.ResponseCount;
        _responseMs += day.ResponseMsSum;
        _sloBad += day.SloBad;
        _sloCounted += day.SloCounted;
    }

    public readonly UptimeCounts ToCounts() => new(_up, _degraded, _down, _stopped, _unknown, _responseMs, _responses) { SloBad = _sloBad, SloCounted = _sloCounted };
}
