namespace Realtime.Edge.Hooks;

/// <summary>What a publication becomes when the publish proxy fails (error status, bad answer, timeout).</summary>
public enum PublishProxyFailure
{
    /// <summary>The publish is refused with error 500 and a correlation id: nothing unapproved gets out.</summary>
    Reject,

    /// <summary>The publication goes out unchanged: availability over moderation.</summary>
    Allow,
}
