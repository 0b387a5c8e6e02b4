using System.Text.Json;

namespace Realtime.Edge.Auth;

/// <summary>
/// The channel capabilities a token grants: <c>{"chat:*": ["subscribe", "publish"], "news": ["subscribe"]}</c>.
/// The grants of every matching pattern add up.
/// </summary>
internal sealed class Capabilities
{
    /// <summary>No grants: the namespace's defaults alone decide.</summary>
    public static readonly Capabilities None = new([]);

    private readonly (CapabilityPattern Pattern, ChannelOps Ops)[] _grants;

    private Capabilities((CapabilityPattern, ChannelOps)[] grants) => _grants = grants;

    /// <summary>The grants, for the token tool and diagnostics.</summary>
    public IReadOnlyList<(CapabilityPattern Pattern, ChannelOps Ops)> Grants => _grants;

    /// <summary>What these capabilities grant on <paramref name="channel"/>.</summary>
    public ChannelOps For(string channel)
    {
        var ops = ChannelOps.None;
        foreach (var (pattern, granted) in _grants)
        {
            if (pattern.Matches(channel))
            {
                ops |= granted;
            }
        }

        return ops;
    }

    /// <summary>Reads a <c>caps</c> claim; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static Capabilities Parse(JsonElement caps)
    {
        if (caps.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("\"caps\" must be an object of channel pattern to list of ops");
        }

        var grants = new List<(CapabilityPattern, ChannelOps)>();
        foreach (var property in caps.EnumerateObject())
        {
            ValidatePattern(property.Name);
            grants.Add((new CapabilityPattern(property.Name), ParseOps(property.Value, property.Name)));
        }

        return new Capabilities([.. grants]);
    }

    /// <summary>Reads a list of op names (<c>["subscribe","history"]</c>).</summary>
    public static ChannelOps ParseOps(JsonElement list, string where)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"the caps of \"{where}\" must be an array of op names");
        }

        var ops = ChannelOps.None;
        foreach (var item in list.EnumerateArray())
        {
            ops |= item.ValueKind == JsonValueKind.String ? ParseOp(item.GetString()!) : throw new FormatException($"the caps of \"{where}\" must be op names");
        }

        return ops;
    }

    /// <summary>One op name as tokens and the token tool write it.</summary>
    public static ChannelOps ParseOp(string name) => name switch
    {
        "subscribe" => ChannelOps.Subscribe,
        "publish" => ChannelOps.Publish,
        "presence" => ChannelOps.Presence,
        "history" => ChannelOps.History,
        "state" => ChannelOps.State,
        _ => throw new FormatException($"unknown op \"{name}\" in caps (subscribe, publish, presence, history, state)"),
    };

    private static void ValidatePattern(string pattern)
    {
        if (pattern.Length == 0 || pattern.AsSpan(0, pattern.Length - 1).Contains('*'))
        {
            throw new FormatException($"caps pattern \"{pattern}\" is empty or has a '*' before its end");
        }
    }
}
