using System.Text.Json;

namespace Realtime.Cluster.Tests;

/// <summary>What tests/clients/realtime-client.js reports.</summary>
public sealed record CrossEdgeTransportResult(
    int Published,
    JsonElement[] Errors,
    CrossEdgeSubscriber[] Subscribers,
    bool TimedOut = false,
    string? Fatal = null);

/// <summary>One real sockjs-client subscriber: the transport asked for and used, and what it received.</summary>
public sealed record CrossEdgeSubscriber(
    string Transport,
    string? Actual,
    JsonElement Subscribed,
    string? Closed,
    long[] Offsets,
    int[] Data,
    JsonElement[] Other);
