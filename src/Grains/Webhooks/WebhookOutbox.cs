using Microsoft.Extensions.Logging;

namespace Realtime.Grains.Webhooks;

/// <summary>
/// A grain's queue of webhook events on their way to their shard. Orleans does not keep two calls in
/// order unless the first is awaited, so one call is out at a time and the events that arrive meanwhile
/// go in the next; the grain itself never waits for it.
/// </summary>
internal sealed partial class WebhookOutbox(IGrainFactory grains, WebhookOptions options, ILogger logger)
{
    private const int MaxAttempts = 5;

    private readonly List<WebhookEvent> _pending = [];
    private bool _flushing;

    /// <summary>Whether events are still on their way; a grain deactivated now would lose them.</summary>
    public bool Busy => _flushing || _pending.Count > 0;

    /// <summary>Whether <paramref name="name"/> is configured to be sent (check before building the event's data).</summary>
    public bool Sends(string name) => options.Sends(name);

    /// <summary>Queues an event about <paramref name="key"/> (a channel or a user) and starts sending it.</summary>
    public void Add(string name, string key, DateTimeOffset time, string data)
    {
        if (!options.Sends(name))
        {
            return;
        }

        _pending.Add(new WebhookEvent(name, key, time.ToUnixTimeMilliseconds(), data));
        if (!_flushing)
        {
            _ = FlushAsync(key);
        }
    }

    /// <summary>The shard of <paramref name="key"/>: FNV-1a, the same on every silo (string hash codes are not).</summary>
    public static int Shard(string key, int shards)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)shards);
    }

    private async Task FlushAsync(string key)
    {
        _flushing = true;
        try
        {
            var shard = grains.GetGrain<IWebhookGrain>(Shard(key, options.Shards));
            while (_pending.Count > 0)
            {
                var batch = _pending.ToArray();
                _pending.Clear();
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await shard.EnqueueAsync(batch);
                        break;
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException && attempt < MaxAttempts)
                    {
                        // The shard's silo may be going away; Orleans places it anew on the next call.
                        LogEnqueueRetry(logger, key, attempt, ex);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        LogEnqueueFailed(logger, key, batch.Length, ex);
                        break;
                    }
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    [LoggerMessage(EventId = 510, Level = LogLevel.Debug, Message = "Webhook events of {Key}: handing them to their shard failed (attempt {Attempt}); retrying")]
    private static partial void LogEnqueueRetry(ILogger logger, string key, int attempt, Exception exception);

    [LoggerMessage(EventId = 511, Level = LogLevel.Warning, Message = "Webhook events of {Key}: {Count} events dropped, their shard could not be reached")]
    private static partial void LogEnqueueFailed(ILogger logger, string key, int count, Exception exception);
}
