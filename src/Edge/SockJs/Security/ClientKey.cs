using System.Net;

namespace Realtime.Edge.SockJs.Security;

/// <summary>
/// The key limits count a client under: its IPv4 address, or its IPv6 /64 network, since one IPv6
/// subscriber is handed a whole /64 and could otherwise take a fresh address for every request.
/// </summary>
internal static class ClientKey
{
    private static readonly IPAddress Unknown = IPAddress.None;

    public static IPAddress Of(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
