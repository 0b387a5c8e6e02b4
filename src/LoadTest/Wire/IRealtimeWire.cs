namespace Realtime.LoadTest.Wire;

/// <summary>One SockJS session of a realtime client of the tool, on whichever transport it was opened.</summary>
internal interface IRealtimeWire : IAsyncDisposable
{
    /// <summary><c>websocket</c>, <c>xhr_streaming</c> or <c>xhr</c>.</summary>
    string Transport { get; }

    /// <summary>Completes when the session has ended (server close, network failure or dispose).</summary>
    Task Closed { get; }

    /// <summary>Sends one protocol message.</summary>
    ValueTask SendAsync(string message, CancellationToken cancellationToken);
}
