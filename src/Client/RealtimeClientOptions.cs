using System.Text.Json;
using Realtime.Client.SockJs;

namespace Realtime.Client;

/// <summary>Options of a <see cref="RealtimeClient"/>; checked by the constructor.</summary>
public sealed class RealtimeClientOptions
{
    /// <summary>The edge's realtime service, <c>http://host:8080/realtime</c> (http or https).</summary>
    public Uri? Url { get; set; }

    /// <summary>Transports, timeouts and HTTP client of the SockJS layer.</summary>
    public SockJsConnectionOptions SockJs { get; set; } = new();

    /// <summary>The transports allowed (shorthand for <c>SockJs.Transports</c>); one flag forces it. <value>Default all.</value></summary>
    public SockJsTransports Transports
    {
        get => SockJs.Transports;
        set => SockJs.Transports = value;
    }

    /// <summary>
    /// Returns a connection token: called by <see cref="RealtimeClient.ConnectAsync"/> when no token is given, before each
    /// reconnect, and on the server's <c>refresh-required</c> push. Without it the last token is reused and a connection
    /// whose token expires is closed by the server (3001).
    /// </summary>
    public Func<CancellationToken, ValueTask<string?>>? TokenProvider { get; set; }

    /// <summary>Client name sent with <c>connect</c>. <value>Default <c>realtime-dotnet</c>.</value></summary>
    public string? Name { get; set; } = "realtime-dotnet";

    /// <summary>Client version sent with <c>connect</c>.</summary>
    public string? Version { get; set; }

    /// <summary>How long a request waits for its reply. <value>Default 10 s.</value></summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the client reconnects by itself after a drop that the server did not make final. <value>Default true.</value></summary>
    public bool Reconnect { get; set; } = true;

    /// <summary>The first reconnect delay; each failed attempt doubles it. <value>Default 250 ms.</value></summary>
    public TimeSpan ReconnectDelayMin { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest reconnect delay. <value>Default 20 s.</value></summary>
    public TimeSpan ReconnectDelayMax { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Serializer options for the typed <c>PublishAsync</c> and <c>RpcAsync</c> overloads. <value>Default web defaults.</value></summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = JsonSerializerOptions.Web;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is missing or out of range.</summary>
    public void Validate()
    {
        if (Url is null || !Url.IsAbsoluteUri || Url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{nameof(Url)} must be an absolute http or https URL of the realtime service; got {Url?.ToString() ?? "null"}.", nameof(Url));
        }

        ArgumentNullException.ThrowIfNull(SockJs, nameof(SockJs));
        SockJs.Validate();
        SockJsConnectionOptions.Positive(RequestTimeout, nameof(RequestTimeout));
        SockJsConnectionOptions.Positive(ReconnectDelayMin, nameof(ReconnectDelayMin));
        if (ReconnectDelayMax < ReconnectDelayMin)
        {
            throw new ArgumentException($"{nameof(ReconnectDelayMax)} ({ReconnectDelayMax}) must not be below {nameof(ReconnectDelayMin)} ({ReconnectDelayMin}).", nameof(ReconnectDelayMax));
        }

        ArgumentNullException.ThrowIfNull(JsonSerializerOptions, nameof(JsonSerializerOptions));
    }
}
