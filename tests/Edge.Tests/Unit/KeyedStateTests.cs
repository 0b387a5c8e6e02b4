using Realtime.Grains;
using Realtime.Grains.State;

namespace Realtime.Edge.Tests.Unit;

/// <summary>The channel grain's keyed state on its own: versions, pages, expiry and the bounded idempotency window.</summary>
public sealed class KeyedStateTests
{
    private static readonly StateLimits Limits = new(100, 1000);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pages_FollowKeyOrder_AfterTheCursor_AndStopAtTheByteBudget_ButNeverEmpty()
    {
        var state = new KeyedState("c", "e", TimeSpan.FromMinutes(1), 10);
        var offset = 0L;
        foreach (var key in new[] { "b", "a", "d", "c" })
        {
            Assert.Equal(StateWriteStatus.Applied, state.Write(Set(key, "\"" + new string('v', 8) + "\""), ++offset, offset - 1, Start, out _).Status);
        }

        Assert.Equal(["a", "b"], state.Page(null, 2, 10_000, out var next).Select(e => e.Key));
        Assert.Equal("b", next);
        Assert.Equal(["c", "d"], state.Page("b", 2, 10_000, out next).Select(e => e.Key));
        Assert.Null(next);
        Assert.Equal(["c"], state.Page("bb", 5, 15, out next).Select(e => e.Key));
        Assert.Equal("c", next);
        Assert.Equal(["a"], state.Page(null, 5, 1, out _).Select(e => e.Key));
        Assert.Empty(state.Page("d", 5, 100, out next));
        Assert.Null(next);
        Assert.Equal(4, state.Page(null, 5, 100, out _).Single(e => e.Key == "c").Version);
    }

    [Fact]
    public void Expiry_RemovesKeysInTimeOrder_AndIgnoresExpiriesTheKeyNoLongerHas()
    {
        var state = new KeyedState("c", "e", TimeSpan.FromMinutes(1), 10);
        state.Write(Set("soon") with { Ttl = TimeSpan.FromSeconds(1) }, 1, 0, Start, out _);
        state.Write(Set("later") with { Ttl = TimeSpan.FromSeconds(3) }, 2, 1, Start, out _);
        state.Write(Set("rewritten") with { Ttl = TimeSpan.FromSeconds(2) }, 3, 2, Start, out _);
        state.Write(Set("rewritten"), 4, 3, Start, out _);
        Assert.Equal(Start.AddSeconds(1).UtcTicks, state.NextExpiry());
        Assert.Null(state.ExpireOne(5, Start.AddSeconds(0.5)));

        var removal = state.ExpireOne(5, Start.AddSeconds(10));
        Assert.Equal(new StateChange("soon", Removed: true), removal!.State);
        Assert.Equal(5, removal.Offset);
        Assert.Equal("null", removal.Data);
        Assert.Null(removal.FromClient);
        Assert.Equal("later", state.ExpireOne(6, Start.AddSeconds(10))!.State!.Key);
        Assert.Null(state.ExpireOne(7, Start.AddSeconds(10)));
        Assert.Null(state.NextExpiry());
        Assert.Equal(["rewritten"], state.Page(null, 10, 1000, out _).Select(e => e.Key));
    }

    [Fact]
    public void AKeyRewrittenWithATtlManyTimes_LeavesABoundedQueue_AndExpiresOnce()
    {
        var state = new KeyedState("c", "e", TimeSpan.FromMinutes(1), 10);
        for (var i = 1; i <= 1000; i++)
        {
            state.Write(Set("k") with { Ttl = TimeSpan.FromSeconds(i) }, i, i - 1, Start, out _);
        }

        Assert.Equal(Start.AddSeconds(1000).UtcTicks, state.NextExpiry());
        Assert.NotNull(state.ExpireOne(1001, Start.AddSeconds(1000)));
        Assert.Null(state.ExpireOne(1002, Start.AddSeconds(1000)));
        Assert.Equal(0, state.Count);
    }

    [Fact]
    public void IdempotencyWindow_ForgetsByAge_AndByCount()
    {
        var window = new IdempotencyWindow(TimeSpan.FromMinutes(1), capacity: 3);
        var result = new StateWriteResult(StateWriteStatus.Applied, "e", 1, 1);
        for (var i = 0; i < 5; i++)
        {
            window.Remember("key" + i, result, Start.AddSeconds(i));
        }

        Assert.Equal(3, window.Count);
        Assert.False(window.TryGet("key1", Start.AddSeconds(5), out _));
        Assert.True(window.TryGet("key4", Start.AddSeconds(5), out var replayed));
        Assert.True(replayed.Replayed);
        Assert.False(window.TryGet("key4", Start.AddMinutes(2), out _));
        Assert.Equal(0, window.Count);
    }

    [Fact]
    public void IdempotencyKeys_AreScopedToTheirWriter()
    {
        var state = new KeyedState("c", "e", TimeSpan.FromMinutes(1), 10);
        var first = state.Write(Set("k") with { IdempotencyKey = "x", FromClient = "edge.1", FromUser = "alice" }, 1, 0, Start, out var change);
        Assert.NotNull(change);
        Assert.Equal(first with { Replayed = true }, state.Write(Set("k") with { IdempotencyKey = "x", FromClient = "edge.2", FromUser = "alice" }, 2, 1, Start, out change));
        Assert.Null(change);
        Assert.Equal(2, state.Write(Set("k") with { IdempotencyKey = "x", FromClient = "edge.3", FromUser = "" }, 2, 1, Start, out _).Offset);
        Assert.Equal(3, state.Write(Set("k") with { IdempotencyKey = "x" }, 3, 2, Start, out _).Offset);
    }

    private static StateWriteRequest Set(string key, string value = "1") => new(StateWriteKind.Set, key, value, Limits);
}
