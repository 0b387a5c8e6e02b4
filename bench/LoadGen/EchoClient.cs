using System.Diagnostics;
using System.Net.WebSockets;

namespace Realtime.Bench.LoadGen;

/// <summary>One closed-loop echo connection: send, wait for the echo, record the round trip, repeat.</summary>
public sealed class EchoClient(WireConnection connection, EchoStats stats, int payloadBytes) : IPayloadSink
{
    private readonly byte[] payload = new byte[payloadBytes + 64];

    /// <summary>Runs until <see cref="EchoStats.Stopping"/> is set or the connection fails.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        long sequence = 0;
        try
        {
            while (!stats.Stopping)
            {
                var length = Payload.Write(payload, sequence++, Stopwatch.GetTimestamp(), payloadBytes);
                await connection.SendAsync(payload.AsSpan(0, length), cancel);
                var echoed = 0;
                while (echoed == 0)
                {
                    var frame = await connection.ReceiveFrameAsync(cancel);
                    echoed = frame < 0 ? -1 : connection.Dispatch(frame, this);
                }

                if (echoed < 0)
                {
                    Interlocked.Increment(ref stats.Failed);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!stats.Stopping)
            {
                Interlocked.Increment(ref stats.Failed);
            }
        }
    }

    /// <inheritdoc />
    public void OnPayload(ReadOnlySpan<byte> payload)
    {
        if (Payload.TryRead(payload, out _, out var timestamp) && stats.Recording)
        {
            Interlocked.Increment(ref stats.Echoes);
            stats.Histogram.Record(Timing.MicrosSince(timestamp));
        }
    }
}
