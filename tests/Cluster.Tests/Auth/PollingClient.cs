using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Auth;

/// <summary>
/// The client protocol over SockJS xhr-polling, its requests spread over one or more edges in turn
/// (a load balancer without sticky sessions). A background poll loop collects replies and pushes.
/// </summary>
internal sealed class PollingClient : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string[] _sessionUrls;
    private readonly ConcurrentQueue<JsonObject> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _polling = Task.CompletedTask;
    private int _turn;
    private long _nextId;

    private PollingClient(string[] serviceUrls)
    {
        var session = "/000/" + Guid.NewGuid().ToString("N")[..8];
        _sessionUrls = [.. serviceUrls.Select(u => u + session)];
    }

    public IReadOnlyCollection<JsonObject> Received => _received;

    public static async Task<PollingClient> OpenAsync(params string[] serviceUrls)
    {
        var client = new PollingClient(serviceUrls);
        var open = await client.PostAsync("/xhr", null, CancellationToken.None);
        if (open != "o\n")
        {
            throw new InvalidOperationException("expected the open frame, got " + open);
        }

        client._polling = Task.Run(client.PollAsync);
        return client;
    }

    public async Task<JsonObject> RequestAsync(string op, Action<JsonObject>? fields = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var request = new JsonObject { ["id"] = id, ["op"] = op };
        fields?.Invoke(request);
        await PostAsync("/xhr_send", JsonSerializer.Serialize(new[] { request.ToJsonString() }), CancellationToken.None);
        await Eventually.TrueAsync(() => _received.Any(m => (long?)m["id"] == id), $"the reply to {op} #{id} over xhr-polling");
        return _received.First(m => (long?)m["id"] == id);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _polling;
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var frame = await PostAsync("/xhr", null, _stop.Token);
            if (frame.StartsWith('a'))
            {
                foreach (var message in JsonSerializer.Deserialize<string[]>(frame[1..])!)
                {
                    _received.Enqueue(JsonNode.Parse(message)!.AsObject());
                }
            }
            else if (frame.StartsWith('c'))
            {
                return;
            }
        }
    }

    private async Task<string> PostAsync(string path, string? body, CancellationToken cancellationToken)
    {
        var url = _sessionUrls[Interlocked.Increment(ref _turn) % _sessionUrls.Length] + path;
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, "text/plain");
        using var response = await _http.PostAsync(url, content, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
