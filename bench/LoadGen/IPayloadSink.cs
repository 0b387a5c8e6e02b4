namespace Realtime.Bench.LoadGen;

/// <summary>Receives each application message parsed out of a frame, without copying it.</summary>
public interface IPayloadSink
{
    /// <summary>Called once per message, in order; <paramref name="payload"/> is only valid during the call.</summary>
    void OnPayload(ReadOnlySpan<byte> payload);
}
