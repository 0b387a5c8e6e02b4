namespace Realtime.Edge.Tests.Conformance;

/// <summary>One conformance case, numbered after the Autobahn testsuite case it mirrors: frames to send, what must come back.</summary>
internal sealed record AutobahnCase(string Id, string Description, WireFrame[] Send, Expected[] Expect)
{
    /// <summary>Cases that do not depend on the echoed text also run on the SockJS endpoint, whose text frames are SockJS framing.</summary>
    public bool AppliesToSockJs => Expect.All(e => e.Kind != "text");

    public override string ToString() => $"{Id} {Description}";
}
