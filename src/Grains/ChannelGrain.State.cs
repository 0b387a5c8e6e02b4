using Realtime.Grains.State;

namespace Realtime.Grains;

/// <summary>
/// The channel's keyed state (<see cref="KeyedState"/>). Its changes are publications with
/// <see cref="ChannelPublication.State"/> set, numbered in the same sequence as messages, so edges order,
/// gap-fill and resume them with the same code. A channel that holds keys stays active: its state lives
/// only in memory.
/// </summary>
public sealed partial class ChannelGrain
{
    private KeyedState? _state;
    private HistoryPolicy? _stateHistory;
    private IGrainTimer? _expiryTimer;
    private long _expiryAt;
    private bool _keptForState;

    private int StateCount => _state?.Count ?? 0;

    /// <inheritdoc />
    public async Task<StateWriteResult> WriteStateAsync(StateWriteRequest request)
    {
        if (IsDurable(request.History))
        {
            // Edges refuse the combination at start-up; a server API call must not give offsets no record holds.
            throw new InvalidOperationException($"Channel {this.GetPrimaryKeyString()} is durable: keyed state is kept in memory only, not in its record.");
        }

        _stateHistory = request.History;
        var now = _time.GetUtcNow();

        // Due expiries go first, so the write sees an expired key as absent and the removal comes before it.
        await ExpireDueAsync(now);
        _state ??= new KeyedState(this.GetPrimaryKeyString(), _epoch, _options.IdempotencyWindow, _options.MaxIdempotencyKeys);
        var result = _state.Write(request, _offset + 1, _offset, now, out var change);
        if (change is not null)
        {
            _offset = change.Offset;
            await Send(change, request.History, now);
        }

        AfterStateChanged(now);
        return result;
    }

    /// <inheritdoc />
    public async Task<StatePage> GetStateAsync(string? after, int limit, int maxBytes)
    {
        if (IsDurable(null))
        {
            // A durable channel keeps no keys; its position is only good once its record is loaded.
            await StoredAsync(null);
            return new StatePage(_epoch, _offset, [], null);
        }

        var now = _time.GetUtcNow();
        await ExpireDueAsync(now);
        AfterStateChanged(now);
        return Page(after, Math.Max(1, limit), Math.Max(1, maxBytes));
    }

    private StatePage Page(string? after, int limit, int maxBytes)
    {
        string? next = null;
        var entries = _state?.Page(after, limit, maxBytes, out next) ?? [];
        return new StatePage(_epoch, _offset, entries, next);
    }

    private async Task ExpireDueAsync(DateTimeOffset now)
    {
        while (_state?.ExpireOne(_offset + 1, now) is { } removal)
        {
            _offset = removal.Offset;
            await Send(removal, _stateHistory, now);
        }
    }

    private async Task OnExpiryTimerAsync(CancellationToken cancellationToken)
    {
        _expiryAt = 0;
        var now = _time.GetUtcNow();
        await ExpireDueAsync(now);
        AfterStateChanged(now);
    }

    /// <summary>Arms the expiry timer for the earliest expiry and keeps the grain active while it holds keys.</summary>
    private void AfterStateChanged(DateTimeOffset now)
    {
        if (StateCount > 0 && !_keptForState)
        {
            DelayDeactivation(Timeout.InfiniteTimeSpan);
            _keptForState = true;
        }
        else if (StateCount == 0)
        {
            // The lease timer lets the grain go once no edge is attached either.
            _keptForState = false;
        }

        if (_state?.NextExpiry() is not { } at || at == _expiryAt)
        {
            return;
        }

        _expiryAt = at;
        var due = TimeSpan.FromTicks(Math.Max(0, at - now.UtcTicks));
        if (_expiryTimer is null)
        {
            _expiryTimer = this.RegisterGrainTimer(OnExpiryTimerAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }
        else
        {
            _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }
}
