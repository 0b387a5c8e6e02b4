namespace Realtime.Grains;

/// <summary>Client ids are <c>&lt;edge tag&gt;.&lt;random&gt;</c>, so the serving edge can be found from the id alone.</summary>
public static class ClientIds
{
    /// <summary>The registry grain's key.</summary>
    public const string RegistryKey = "edges";

    /// <summary>Makes a client id for the edge <paramref name="tag"/>.</summary>
    public static string Create(string tag, string random) => tag + "." + random;

    /// <summary>The edge tag of <paramref name="clientId"/>, or null when it has none.</summary>
    public static string? EdgeTag(string clientId)
    {
        var dot = clientId.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? clientId[..dot] : null;
    }
}
