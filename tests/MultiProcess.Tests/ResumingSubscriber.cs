using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.MultiProcess.Tests;

/// <summary>
/// A client that does what docs/operations.md asks of one across rolling restarts: subscribed to one channel
/// through the load balancer, and when its connection closes (an edge draining), it connects again through the
/// load balancer and subscribes with <c>since</c> its last offset. Every offset it handled is kept in order,
/// with anything that would mean a loss (a resume not recovered, an <c>unsubscribed</c> push).
/// </summary>
internal sealed class ResumingSubscriber : IAsyncDisposable
{
    private static readonly TimeSpan ReconnectDeadline = TimeSpan.FromSeconds(60);

    private readonly string _serviceUrl;
    private readonly string _channel;
    private readonly List<long> _offsets = [];
    private readonly List<string> _problems = [];
    private readonly List<string> _journal = [];
    private readonly CancellationTokenSource _stop = new();
    private RealtimeClient? _client;
    private int _handledPushes;
    private string _epoch = "";
    private Task _loop = Task.CompletedTask;

    private ResumingSubscriber(string serviceUrl, string channel)
    {
        _serviceUrl = serviceUrl;
        _channel = channel;
    }

    /// <summary>The offset the first subscription started after.</summary>
    public long StartOffset { get; private set; }

    /// <summary>Times the connection closed and the subscriber resumed on a new one.</summary>
    public int Resumes { get; private set; }

    /// <summary>The offsets handled so far, in order.</summary>
    public IReadOnlyList<long> Offsets
    {
        get
        {
            lock (_offsets)
            {
                return [.. _offsets];
            }
        }
    }

    /// <summary>What would mean a loss, as seen; empty when none.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_offsets)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>Each close and resume attempt with its time (UTC), for a failure message.</summary>
    public string Journal
    {
        get
        {
            lock (_offsets)
            {
                return string.Join("\n  ", _journal);
            }
        }
    }

    public long LastOffset
    {
        get
        {
            lock (_offsets)
            {
                return _offsets.Count == 0 ? StartOffset : _offsets[^1];
            }
        }
    }

    public static async Task<ResumingSubscriber> StartAsync(string serviceUrl, string channel)
    {
        var subscriber = new ResumingSubscriber(serviceUrl, channel);
        var client = subscriber._client = await RealtimeClient.ConnectAsync(serviceUrl);
        var reply = await client.RequestAsync("subscribe", r => r["channel"] = channel);
        var ok = reply["ok"] ?? throw new InvalidOperationException("subscribe failed: " + reply.ToJsonString());
        subscriber._epoch = (string)ok["epoch"]!;
        subscriber.StartOffset = (long)ok["offset"]!;
        subscriber._loop = Task.Run(subscriber.RunAsync);
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped while reconnecting.
        }

        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            // Pushes first: those that arrived before a close are handled before the resume.
            var client = _client!;
            var closed = client.Closed.IsCompleted;
            HandlePushes(client);
            if (closed)
            {
                await ResumeAsync(client);
                continue;
            }

            await Task.WhenAny(client.Closed, Task.Delay(10, CancellationToken.None));
        }
    }

    private void HandlePushes(RealtimeClient client)
    {
        foreach (var push in client.Pushes.Skip(_handledPushes).ToArray())
        {
            _handledPushes++;
            switch ((string?)push["push"])
            {
                case "message" when (string?)push["channel"] == _channel:
                    Add((long)push["offset"]!, "push");
                    break;
                case "unsubscribed":
                    Problem("unsubscribed: " + push.ToJsonString());
                    break;
            }
        }
    }

    private async Task ResumeAsync(RealtimeClient closed)
    {
        var deadline = DateTime.UtcNow + ReconnectDeadline;
        var since = LastOffset;
        Note($"closed {await closed.Closed} at offset {since}");
        _client = null;
        await closed.DisposeAsync();
        while (true)
        {
            _stop.Token.ThrowIfCancellationRequested();
            RealtimeClient? next = null;
            try
            {
                next = await RealtimeClient.ConnectAsync(_serviceUrl);
                var reply = await next.RequestAsync("subscribe", r =>
                {
                    r["channel"] = _channel;
                    r["since"] = new JsonObject { ["epoch"] = _epoch, ["offset"] = since };
                });
                if (reply["ok"] is not JsonObject ok)
                {
                    throw new InvalidOperationException("subscribe with since failed: " + reply.ToJsonString());
                }

                if (ok["recovered"]?.GetValue<bool>() != true || (string?)ok["epoch"] != _epoch)
                {
                    Problem($"resume from {_epoch}/{since} not recovered: {ok.ToJsonString()}");
                }

                foreach (var publication in ok["publications"]?.AsArray() ?? [])
                {
                    Add((long)publication!["offset"]!, "resume");
                }

                Note($"resumed from {since}: recovered {ok["recovered"]}, {ok["publications"]?.AsArray().Count ?? 0} publications, now at {ok["offset"]}");
                _handledPushes = 0;
                _client = next;
                Resumes++;
                return;
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                // A connect timeout is an OperationCanceledException too: only the subscriber's own stop ends the loop.
                Note("resume attempt failed: " + ex.GetType().Name + ": " + ex.Message);
                if (next is not null)
                {
                    await next.DisposeAsync();
                }

                // The load balancer may still pick the edge that is going away; a real client backs off and
                // tries again. This is the pace of those attempts, not a wait for a condition.
                await Task.Delay(200, _stop.Token);
            }
        }
    }

    private void Add(long offset, string how)
    {
        lock (_offsets)
        {
            var expected = (_offsets.Count == 0 ? StartOffset : _offsets[^1]) + 1;
            if (offset != expected)
            {
                _problems.Add($"offset {offset} by {how} where {expected} was next");
            }

            _offsets.Add(offset);
        }
    }

    private void Problem(string what)
    {
        lock (_offsets)
        {
            _problems.Add(what);
        }

        Note("problem: " + what);
    }

    private void Note(string what)
    {
        lock (_offsets)
        {
            _journal.Add($"{DateTime.UtcNow:HH:mm:ss.f} {what}");
        }
    }
}
