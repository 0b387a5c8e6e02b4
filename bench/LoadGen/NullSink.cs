namespace Realtime.Bench.LoadGen;

/// <summary>Discards messages (idle connections only drain heartbeats).</summary>
public sealed class NullSink : IPayloadSink
{
    public static readonly NullSink Instance = new();

    /// <inheritdoc />
    public void OnPayload(ReadOnlySpan<byte> payload)
    {
    }
}
