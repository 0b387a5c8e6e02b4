using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Realtime.Edge.SockJs;

namespace Realtime.Cluster.Tests.Delivery;

/// <summary>A SockJS connection that records what the edge sends it, in order.</summary>
public sealed class FakeConnection : ISockJsConnection
{
    private readonly ConcurrentQueue<string> _sent = new();

    public string Id { get; } = Guid.NewGuid().ToString("N")[..8];

    public string Transport => "fake";

    public IPAddress? RemoteAddress => IPAddress.Loopback;

    public string? Origin => null;

    public SockJsSessionState State { get; private set; } = SockJsSessionState.Open;

    public object? Items { get; set; }

    /// <summary>Every message sent, as the protocol JSON, in order.</summary>
    public IReadOnlyList<JsonObject> Sent => [.. _sent.Select(m => JsonNode.Parse(m)!.AsObject())];

    /// <summary>The <c>message</c> pushes sent, in order.</summary>
    public IReadOnlyList<JsonObject> Messages => [.. Sent.Where(m => (string?)m["push"] == "message")];

    /// <summary>Offsets of the <c>message</c> pushes sent, in order.</summary>
    public IReadOnlyList<long> Offsets => [.. Messages.Select(m => (long)m["offset"]!)];

    public bool Send(string message)
    {
        _sent.Enqueue(message);
        return true;
    }

    public bool Send(SockJsMessage message) => Send(message.Text);

    public void Close(int code = 1000, string reason = "Normal closure") => State = SockJsSessionState.Closed;
}
