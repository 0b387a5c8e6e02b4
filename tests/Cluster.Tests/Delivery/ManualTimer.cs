namespace Realtime.Cluster.Tests.Delivery;

/// <summary>A timer of <see cref="ManualTimeProvider"/>: fires only when the test advances time past it.</summary>
internal sealed class ManualTimer(ManualTimeProvider time, TimerCallback callback, object? state) : ITimer
{
    public DateTimeOffset? DueAt { get; private set; }

    public TimeSpan Period { get; private set; } = Timeout.InfiniteTimeSpan;

    public bool IsDisposed { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        time.Schedule(this, now =>
        {
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
            Period = period;
        });
        return true;
    }

    /// <summary>Runs the callback and schedules the next period, if any.</summary>
    public void Fire()
    {
        time.Schedule(this, _ => DueAt = Period == Timeout.InfiniteTimeSpan || Period == TimeSpan.Zero ? null : DueAt + Period);
        callback(state);
    }

    public void Dispose()
    {
        IsDisposed = true;
        time.Remove(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
