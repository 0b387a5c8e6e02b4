using System.Collections.Concurrent;
using System.Net;

namespace Realtime.Edge.SockJs.Security;

/// <summary>
/// Counts one service's open sessions per client address (IPv6: per /64) against <see cref="SockJsOptions.MaxSessionsPerAddress"/>.
/// A session holds its <see cref="AddressSlot"/> from the handshake or first request until it ends.
/// </summary>
internal sealed class AddressSlots(int max)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();

    /// <summary>A slot for one more session of <paramref name="address"/>; null when it is at the limit.</summary>
    public AddressSlot? TryTake(IPAddress? address)
    {
        if (max <= 0)
        {
            return AddressSlot.Unlimited;
        }

        var key = ClientKey.Of(address);
        while (true)
        {
            if (!_open.TryGetValue(key, out var open))
            {
                if (_open.TryAdd(key, 1))
                {
                    return new AddressSlot(this, key);
                }

                continue;
            }

            if (open >= max)
            {
                return null;
            }

            if (_open.TryUpdate(key, open + 1, open))
            {
                return new AddressSlot(this, key);
            }
        }
    }

    /// <summary>Sessions open from <paramref name="address"/>.</summary>
    public int OpenFrom(IPAddress? address) => _open.GetValueOrDefault(ClientKey.Of(address));

    internal void Release(IPAddress key)
    {
        while (true)
        {
            var open = _open[key];
            if (open == 1 ? _open.TryRemove(new KeyValuePair<IPAddress, int>(key, 1)) : _open.TryUpdate(key, open - 1, open))
            {
                return;
            }
        }
    }
}
