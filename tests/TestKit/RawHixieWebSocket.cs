using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Realtime.TestKit;

/// <summary>
/// A client for the pre-RFC WebSocket drafts hixie-75 and hixie-76 (hybi-00): handshake written by
/// hand, frames <c>0x00 &lt;utf-8&gt; 0xFF</c>, closing frame <c>0xFF 0x00</c>. Every read has a
/// deadline whose failure names what was awaited.
/// </summary>
public sealed class RawHixieWebSocket : IAsyncDisposable
{
    /// <summary>Key1 of the hixie-76 example the protocol suite uses.</summary>
    public const string ExampleKey1 = "4 @1  46546xW%0l 1 5";

    /// <summary>Key2 of the hixie-76 example the protocol suite uses.</summary>
    public const string ExampleKey2 = "12998 5 Y3 1  .P00";

    /// <summary>Key3 (the 8 bytes after the head) of the protocol suite's example.</summary>
    public const string ExampleKey3 = "aaaaaaaa";

    private RawHixieWebSocket(RawHttpConnection connection, RawHttpResponse handshake)
    {
        Connection = connection;
        Handshake = handshake;
    }

    /// <summary>The underlying connection.</summary>
    public RawHttpConnection Connection { get; }

    /// <summary>The server's 101 response head.</summary>
    public RawHttpResponse Handshake { get; }

    /// <summary>
    /// The 16-byte hixie-76 challenge answer: MD5 of big-endian n1, n2 and key3, where n is the
    /// key's digits read as one number divided by the key's number of spaces.
    /// </summary>
    public static byte[] ComputeHixie76Answer(string key1, string key2, byte[] key3)
    {
        var challenge = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(challenge, KeyNumber(key1));
        BinaryPrimitives.WriteUInt32BigEndian(challenge.AsSpan(4), KeyNumber(key2));
        key3.CopyTo(challenge, 8);
        return MD5.HashData(challenge);

        static uint KeyNumber(string key)
        {
            var digits = ulong.Parse(new string(key.Where(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture);
            var spaces = (ulong)key.Count(c => c == ' ');
            return (uint)(digits / spaces);
        }
    }

    /// <summary>
    /// Hixie-76 handshake with the suite's example keys. With <paramref name="key3AfterHeaders"/>
    /// the 8 key3 bytes are sent only once the 101 head has been read (the HAProxy case); otherwise
    /// they follow the request head at once, with no Content-Length, as browsers sent them. Requires
    /// a 101 and the correct 16-byte answer.
    /// </summary>
    public static async Task<RawHixieWebSocket> ConnectHixie76Async(string url, bool key3AfterHeaders = false, TimeSpan? timeout = null)
    {
        var connection = await RawHttpConnection.ConnectAsync(url, timeout);
        try
        {
            var target = RawUrl.Parse(url).Target;
            var key3 = Encoding.ASCII.GetBytes(ExampleKey3);
            await connection.WriteRequestAsync("GET", target, Hixie76Headers($"http://{connection.HostHeader}"));
            if (!key3AfterHeaders)
            {
                await connection.SendAsync(key3);
            }

            var head = await connection.ReadHeadAsync($"hixie-76 101 head from {target}");
            if (head.StatusCode != 101)
            {
                throw new InvalidOperationException($"Hixie-76 handshake on {target} refused:\n{head.Describe()}");
            }

            if (key3AfterHeaders)
            {
                await connection.SendAsync(key3);
            }

            var answer = await connection.ReadExactlyAsync(16, $"hixie-76 challenge answer from {target}");
            var expected = ComputeHixie76Answer(ExampleKey1, ExampleKey2, key3);
            if (!answer.AsSpan().SequenceEqual(expected))
            {
                throw new InvalidOperationException(
                    $"Wrong hixie-76 answer {Convert.ToHexString(answer)}, expected {Convert.ToHexString(expected)}");
            }

            return new RawHixieWebSocket(connection, head);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Hixie-75 handshake (no keys, no challenge); requires a 101.</summary>
    public static async Task<RawHixieWebSocket> ConnectHixie75Async(string url, TimeSpan? timeout = null)
    {
        var connection = await RawHttpConnection.ConnectAsync(url, timeout);
        try
        {
            var target = RawUrl.Parse(url).Target;
            var head = await connection.RequestHeadAsync("GET", target, Hixie75Headers($"http://{connection.HostHeader}"));
            if (head.StatusCode != 101)
            {
                throw new InvalidOperationException($"Hixie-75 handshake on {target} refused:\n{head.Describe()}");
            }

            return new RawHixieWebSocket(connection, head);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Request headers of a hixie-76 handshake with the example keys (key3 not included).</summary>
    public static List<(string Name, string Value)> Hixie76Headers(string origin, string key1 = ExampleKey1, string key2 = ExampleKey2) =>
    [
        ("Connection", "Upgrade"),
        ("Upgrade", "WebSocket"),
        ("Origin", origin),
        ("Sec-WebSocket-Key1", key1),
        ("Sec-WebSocket-Key2", key2),
    ];

    /// <summary>Request headers of a hixie-75 handshake.</summary>
    public static List<(string Name, string Value)> Hixie75Headers(string origin) =>
    [
        ("Connection", "Upgrade"),
        ("Upgrade", "WebSocket"),
        ("Origin", origin),
    ];

    /// <summary>Sends one text frame: 0x00, the UTF-8 bytes, 0xFF.</summary>
    public Task SendTextAsync(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[payload.Length + 2];
        frame[0] = 0x00;
        payload.CopyTo(frame, 1);
        frame[^1] = 0xFF;
        return Connection.SendAsync(frame);
    }

    /// <summary>
    /// Receives one text frame; null when the server closed (closing frame 0xFF 0x00, or the
    /// connection ended).
    /// </summary>
    public async Task<string?> ReceiveTextAsync(string what)
    {
        var lead = await Connection.ReadByteAsync(what);
        switch (lead)
        {
            case -1:
                return null;
            case 0x00:
                var payload = await Connection.ReadUntilAsync(0xFF, what);
                return payload is null ? null : Encoding.UTF8.GetString(payload);
            case 0xFF:
                return null;
            default:
                throw new InvalidOperationException($"Unexpected hixie frame type 0x{lead:x2} while waiting for: {what}");
        }
    }

    /// <summary>Sends the closing frame, ignoring a peer that already went away.</summary>
    public async Task CloseAsync()
    {
        try
        {
            await Connection.SendAsync(new byte[] { 0xFF, 0x00 });
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Already gone.
        }
    }

    /// <summary>Drops the TCP connection.</summary>
    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
