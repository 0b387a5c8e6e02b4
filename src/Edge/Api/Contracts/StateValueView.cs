namespace Realtime.Edge.Api.Contracts;

/// <summary>One key of a state page: its value and version.</summary>
internal sealed record StateValueView(RawJson Value, long Version);
