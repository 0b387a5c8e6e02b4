namespace Realtime.Edge.Tests.Unit;

/// <summary>A clock that moves only when the test advances it; no timers.</summary>
internal sealed class SteppedTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
