using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Realtime.Edge.Hosting;

/// <summary>
/// Kestrel's request limits, set explicitly so the edge does not depend on a framework default changing, and
/// tightened where the SockJS transports need less (headers timeout, body size). Overridden with the keys Kestrel
/// documents under <c>Kestrel:Limits</c>. They bound HTTP requests only: once a connection is upgraded to a
/// WebSocket (or taken by the fast path), Kestrel no longer times or sizes what it carries, which is why the
/// SockJS layer has its own message size, frame rate, handshake timeout and connection count.
/// </summary>
internal static class KestrelLimits
{
    /// <summary>Configuration section of the overrides.</summary>
    public const string SectionName = "Kestrel:Limits";

    /// <summary>Largest request body by default: 1 MiB, room for a form-encoded <c>jsonp_send</c> of <c>SockJs:MaxMessageBytes</c> (256 KiB).</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    /// <summary>Applies the edge's defaults, then the configured overrides; Kestrel refuses out-of-range values at start-up.</summary>
    public static void Apply(KestrelServerLimits limits, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        limits.MaxRequestHeaderCount = section.GetValue(nameof(limits.MaxRequestHeaderCount), 100);
        limits.MaxRequestHeadersTotalSize = section.GetValue(nameof(limits.MaxRequestHeadersTotalSize), 32 * 1024);
        limits.MaxRequestLineSize = section.GetValue(nameof(limits.MaxRequestLineSize), 8 * 1024);
        limits.MaxRequestBodySize = section.GetValue(nameof(limits.MaxRequestBodySize), DefaultMaxRequestBodySize);

        // A slowloris client trickling header bytes holds a connection this long at most (Kestrel's default is 30 s).
        limits.RequestHeadersTimeout = section.GetValue(nameof(limits.RequestHeadersTimeout), TimeSpan.FromSeconds(10));
        limits.KeepAliveTimeout = section.GetValue(nameof(limits.KeepAliveTimeout), TimeSpan.FromSeconds(130));

        // A slow body (xhr_send, jsonp_send, the API) is cut off once its average rate stays below this after the grace period.
        var rate = section.GetSection(nameof(limits.MinRequestBodyDataRate));
        limits.MinRequestBodyDataRate = new MinDataRate(
            rate.GetValue(nameof(MinDataRate.BytesPerSecond), 240.0),
            rate.GetValue(nameof(MinDataRate.GracePeriod), TimeSpan.FromSeconds(5)));
    }
}
