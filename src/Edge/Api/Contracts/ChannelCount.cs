namespace Realtime.Edge.Api.Contracts;

/// <summary>A channel with subscribers and how many, across every edge that answered.</summary>
internal sealed record ChannelCount(string Channel, int Subscribers);
