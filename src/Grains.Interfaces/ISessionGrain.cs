namespace Realtime.Grains;

/// <summary>
/// One client connection, keyed by its client id: who it is, which edge serves it and what it is
/// subscribed to. The serving edge holds that state; this grain answers from it on demand, so an idle
/// connection costs no activation.
/// </summary>
[Alias("realtime.session")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>What the serving edge knows; <see cref="SessionSnapshot.Info"/> is null when the client is gone.</summary>
    [Alias("get")]
    Task<SessionSnapshot> GetAsync();
}
