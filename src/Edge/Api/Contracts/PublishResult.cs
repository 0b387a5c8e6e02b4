namespace Realtime.Edge.Api.Contracts;

/// <summary>Where a publication went: its offset in the channel and the channel's epoch.</summary>
internal sealed record PublishResult(long Offset, string Epoch);
