namespace Realtime.Edge.SockJs.Security;

/// <summary>What <see cref="OriginPolicy"/> made of a request's origin.</summary>
internal enum OriginVerdict
{
    /// <summary>The request names no origin: a non-browser client, or a browser request that never carries one.</summary>
    Absent,

    /// <summary>The service's own origin or one the policy lists.</summary>
    Allowed,

    /// <summary>Any other origin: the request is refused and gets no CORS headers.</summary>
    Refused,
}
