namespace Realtime.Grains;

/// <summary>A publication before the channel numbers it.</summary>
/// <param name="Data">The payload as JSON text.</param>
/// <param name="FromClient">Publishing client id, or null for the server API.</param>
/// <param name="FromUser">Publishing user id, or null.</param>
/// <param name="History">The namespace's history window; null keeps only the gap-fill buffer.</param>
/// <param name="Webhook">Whether the publication raises the <c>client.published</c> webhook.</param>
[GenerateSerializer, Immutable, Alias("realtime.publish-request")]
public sealed record PublishRequest(
    [property: Id(0)] string Data,
    [property: Id(1)] string? FromClient,
    [property: Id(2)] string? FromUser,
    [property: Id(3)] HistoryPolicy? History = null,
    [property: Id(4)] bool Webhook = false);
