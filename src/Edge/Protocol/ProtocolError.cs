using System.Text.Json;

namespace Realtime.Edge.Protocol;

/// <summary>A request the server answers with <c>error</c>: its code and message.</summary>
internal sealed class ProtocolError(int code, string message) : Exception(message)
{
    public int Code { get; } = code;

    /// <summary>Writes fields of the <c>error</c> object beyond code and message (a conflict's current <c>version</c>).</summary>
    public Action<Utf8JsonWriter>? Details { get; init; }
}
