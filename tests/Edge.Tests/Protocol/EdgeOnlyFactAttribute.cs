namespace Realtime.Edge.Tests.Protocol;

/// <summary>
/// A fact that starts its own in-process edge (special timings or limits), so it is skipped when
/// <see cref="SockJsServerFixture.BaseUrlVariable"/> points the suite at an external server.
/// </summary>
public sealed class EdgeOnlyFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when an external server is targeted.</summary>
    public EdgeOnlyFactAttribute()
    {
        if (SockJsServerFixture.ExternalBaseUrl is not null)
        {
            Skip = $"Starts its own edge with special settings; {SockJsServerFixture.BaseUrlVariable} targets an external server.";
        }
    }
}
