namespace Realtime.Browser.Tests;

/// <summary>The close event a JS client saw.</summary>
public sealed class ClientClose
{
    /// <summary>Close code (1000 after the client's own close, the server's code otherwise).</summary>
    public int Code { get; init; }

    /// <summary>Close reason.</summary>
    public string? Reason { get; init; }

    /// <summary>The event's <c>wasClean</c>.</summary>
    public bool WasClean { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Code} \"{Reason}\" (wasClean={WasClean})";
}
