using System.Text;
using Microsoft.Extensions.Options;
using Realtime.Edge.Channels;
using Realtime.Edge.Cluster;
using Realtime.Edge.Handlers;

namespace Realtime.Edge.Protocol;

/// <summary>
/// The <c>rpc</c> op: <c>method</c> names a namespace the way a channel does (<c>chat:whois</c> is method
/// <c>whois</c> of namespace <c>chat</c>; a name without a colon is in <c>default</c>), and that namespace's
/// handler grain answers. A namespace without a handler knows no methods (404).
/// </summary>
internal sealed class RpcRequests(ChannelNamespaces namespaces, ChannelHandlers handlers, IOptions<RealtimeOptions> options)
{
    private readonly RealtimeOptions _options = options.Value;

    public async Task<string> RpcAsync(ClientSession session, ProtocolRequest request)
    {
        var method = request.RequiredString("method");
        if (method.Length > _options.MaxChannelNameLength)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, $"\"method\" is over {_options.MaxChannelNameLength} characters");
        }

        string? data = null;
        if (request.Root.TryGetProperty("data"u8, out var d))
        {
            data = d.GetRawText();
            if (Encoding.UTF8.GetByteCount(data) > _options.MaxDataBytes)
            {
                throw new ProtocolError(ProtocolCodes.TooLarge, $"\"data\" is over {_options.MaxDataBytes} bytes");
            }
        }

        var ns = namespaces.Find(method);
        if (ns?.Handler is null)
        {
            throw new ProtocolError(ProtocolCodes.NotFound, $"unknown rpc method \"{method}\"");
        }

        var result = await handlers.RpcAsync(ns, method, session, data);
        return Replies.Ok(request.Id, w =>
        {
            w.WritePropertyName("data"u8);
            if (result is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteRawValue(result, skipInputValidation: true);
            }
        });
    }
}
