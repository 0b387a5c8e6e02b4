using System.Text.Json;

namespace Realtime.Edge.Api.Contracts;

/// <summary>The body of <c>POST /api/publish</c>.</summary>
/// <param name="Channel">The channel to publish to.</param>
/// <param name="Data">The publication: any JSON value, delivered to subscribers as it is.</param>
internal sealed record PublishBody(string Channel, JsonElement Data)
{
    public static PublishBody Read(JsonElement body)
    {
        ApiJson.OnlyFields(body, "channel", "data");
        return new PublishBody(ApiJson.RequiredString(body, "channel"), ApiJson.Required(body, "data"));
    }
}
