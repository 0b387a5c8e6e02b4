namespace Realtime.Edge.Api.Contracts;

/// <summary>The answer of <c>POST /api/state</c>: the change's offset in the channel and the key's new version.</summary>
internal sealed record StateWriteResultView(long Offset, long Version);
