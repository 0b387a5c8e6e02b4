using System.Text.Json;
using Realtime.Edge.Protocol;

namespace Realtime.Edge.Api.Contracts;

/// <summary>The body of <c>POST /api/unsubscribe</c>.</summary>
/// <param name="User">Whose subscriptions to end (the tokens' <c>sub</c>).</param>
/// <param name="Channel">The channel.</param>
internal sealed record UnsubscribeBody(string User, string Channel)
{
    public static UnsubscribeBody Read(JsonElement body)
    {
        ApiJson.OnlyFields(body, "user", "channel");
        var user = ApiJson.RequiredString(body, "user");
        return user.Length > 0
            ? new UnsubscribeBody(user, ApiJson.RequiredString(body, "channel"))
            : throw new ProtocolError(ProtocolCodes.BadRequest, "\"user\" is empty: anonymous connections cannot be told apart");
    }
}
