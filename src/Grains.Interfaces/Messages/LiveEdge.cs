namespace Realtime.Grains;

/// <summary>An edge whose registration is current.</summary>
/// <param name="Tag">The short tag its client ids start with.</param>
/// <param name="EdgeId">The id it attaches to channels with.</param>
/// <param name="Observer">Where it takes calls.</param>
[GenerateSerializer, Immutable, Alias("realtime.live-edge")]
public sealed record LiveEdge(
    [property: Id(0)] string Tag,
    [property: Id(1)] string EdgeId,
    [property: Id(2)] IEdgeObserver Observer);
