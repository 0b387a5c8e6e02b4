using Realtime.Grains.Webhooks;

namespace Realtime.Grains;

/// <summary>
/// The channel's webhook events. They leave through one outbox per channel, so an app sees a channel's
/// events in the order they happened here.
/// </summary>
public sealed partial class ChannelGrain
{
    private WebhookOutbox? _outbox;
    private bool _occupied;

    private WebhookOutbox Outbox => _outbox ??= new WebhookOutbox(GrainFactory, _webhooks, _logger);

    // Occupied while at least one edge with subscribers is attached: edges attach on their first local
    // subscriber and detach on their last, so this is "has subscribers somewhere in the cluster".
    private void UpdateOccupancy()
    {
        var occupied = false;
        foreach (var lease in _edges.Values)
        {
            if (lease.Observer is not null)
            {
                occupied = true;
                break;
            }
        }

        if (occupied != _occupied)
        {
            _occupied = occupied;
            RaiseWebhook(occupied ? WebhookEventNames.ChannelOccupied : WebhookEventNames.ChannelVacated, this.GetPrimaryKeyString(), static c => WebhookData.Channel(c));
        }
    }

    private void RaiseMemberWebhook(string name, PresenceMember member) =>
        RaiseWebhook(name, (Channel: this.GetPrimaryKeyString(), Member: member), static m => WebhookData.Member(m.Channel, m.Member));

    // The data is built only for events the app asked for: client.published is on the publish path.
    private void RaiseWebhook<T>(string name, T subject, Func<T, string> data)
    {
        if (_webhooks.Sends(name))
        {
            Outbox.Add(name, this.GetPrimaryKeyString(), _time.GetUtcNow(), data(subject));
        }
    }
}
