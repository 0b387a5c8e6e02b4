using System.Net;

namespace Realtime.Edge.SockJs.Security;

/// <summary>One session's place in its address's count (<see cref="AddressSlots"/>); disposing gives it back, once.</summary>
internal sealed class AddressSlot : IDisposable
{
    /// <summary>The slot of services without a limit: nothing to give back.</summary>
    public static readonly AddressSlot Unlimited = new(null, IPAddress.None);

    private readonly AddressSlots? _owner;
    private readonly IPAddress _address;
    private int _released;

    public AddressSlot(AddressSlots? owner, IPAddress address)
    {
        _owner = owner;
        _address = address;
    }

    public void Dispose()
    {
        if (_owner is not null && Interlocked.Exchange(ref _released, 1) == 0)
        {
            _owner.Release(_address);
        }
    }
}
