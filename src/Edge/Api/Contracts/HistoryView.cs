using System.Text.Json.Serialization;

namespace Realtime.Edge.Api.Contracts;

/// <summary>The answer of <c>GET /api/history</c>: the channel's position now and publications of its history window.</summary>
/// <param name="Epoch">The channel's epoch.</param>
/// <param name="Offset">The channel's last offset.</param>
/// <param name="Recovered">Present when <c>since</c> was given: whether nothing after it has left the window.</param>
/// <param name="Publications">In offset order.</param>
internal sealed record HistoryView(
    string Epoch,
    long Offset,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Recovered,
    PublicationView[] Publications);
