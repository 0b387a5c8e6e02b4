using System.Text.Json;

namespace Realtime.Client;

/// <summary>One publication of a channel.</summary>
/// <param name="Channel">The channel it was published to.</param>
/// <param name="Offset">Its number in the channel's current epoch (1, 2, 3...).</param>
/// <param name="Data">What was published; the element stays valid after the callback returns.</param>
/// <param name="From">The publishing client, or null for publications of the server API.</param>
public sealed record Publication(string Channel, long Offset, JsonElement Data, ClientInfo? From);
