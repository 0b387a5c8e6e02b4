namespace Realtime.Edge.Protocol;

/// <summary>Channel names: 1 to <c>Realtime:MaxChannelNameLength</c> characters of <c>[A-Za-z0-9_.:@/$=#+-]</c>.</summary>
internal static class ChannelNames
{
    public static void Validate(string channel, int maxLength)
    {
        if (channel.Length == 0 || channel.Length > maxLength)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, $"a channel name has 1 to {maxLength} characters");
        }

        foreach (var c in channel)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '@' or '/' or '$' or '=' or '#' or '+' or '-'))
            {
                throw new ProtocolError(ProtocolCodes.BadRequest, "a channel name may only hold letters, digits and _.:@/$=#+-");
            }
        }
    }
}
