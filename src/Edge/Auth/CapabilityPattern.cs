namespace Realtime.Edge.Auth;

/// <summary>
/// A channel pattern of a token's <c>caps</c>: an exact channel name, or a prefix ending in <c>*</c>
/// that matches any channel starting with the text before it. <c>chat:*</c> matches <c>chat:x</c> but
/// not <c>chatroom:x</c>, because the colon is part of the prefix; <c>*</c> alone matches every channel.
/// </summary>
internal readonly record struct CapabilityPattern(string Text)
{
    public bool Matches(string channel) =>
        Text.EndsWith('*')
            ? channel.AsSpan().StartsWith(Text.AsSpan(0, Text.Length - 1), StringComparison.Ordinal)
            : string.Equals(channel, Text, StringComparison.Ordinal);
}
