namespace Realtime.Edge.Channels;

/// <summary>
/// Channels <c>$users:&lt;user id&gt;</c>: not channels anyone subscribes to, but the user's live
/// connections as presence, answered by the user's grain. Their namespace <c>$users</c> says who may ask.
/// </summary>
public static class UserChannels
{
    /// <summary>The prefix of user presence channels.</summary>
    public const string Prefix = "$users:";

    /// <summary>Whether <paramref name="channel"/> is a user presence channel.</summary>
    public static bool Is(string channel) => channel.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The user id <paramref name="channel"/> names.</summary>
    public static string UserOf(string channel) => channel[Prefix.Length..];
}
