namespace Realtime.Edge.SockJs.Security;

/// <summary>What an accepted WebSocket holds until it ends: its address's place and the edge's; disposing gives both back, once.</summary>
internal sealed class WebSocketSlots(AddressSlot address, UpgradeSlots edge) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            address.Dispose();
            edge.Release();
        }
    }
}
