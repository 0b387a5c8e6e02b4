namespace Realtime.Edge.Api.Contracts;

/// <summary>An active silo of the cluster.</summary>
/// <param name="Address">Its silo address (endpoint and generation).</param>
/// <param name="Name">Its silo name.</param>
/// <param name="Host">The machine it runs on.</param>
/// <param name="Started">When it started.</param>
internal sealed record SiloView(string Address, string Name, string Host, DateTimeOffset Started);
