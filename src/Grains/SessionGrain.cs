namespace Realtime.Grains;

/// <summary>
/// A view of one connection, answered by the edge that serves it (found through the client id's edge
/// tag). Nothing is stored here: the edge's state is the truth, and an idle connection costs no activation.
/// </summary>
public sealed class SessionGrain : Grain, ISessionGrain
{
    /// <inheritdoc />
    public async Task<SessionSnapshot> GetAsync()
    {
        var clientId = this.GetPrimaryKeyString();
        var tag = ClientIds.EdgeTag(clientId);
        var edge = tag is null ? null : await GrainFactory.GetGrain<IEdgeRegistryGrain>(ClientIds.RegistryKey).FindAsync(tag);
        var snapshot = edge is null ? null : await edge.GetSessionAsync(clientId);
        DeactivateOnIdle();
        return snapshot ?? new SessionSnapshot(null, []);
    }
}
