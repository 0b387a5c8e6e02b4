namespace Realtime.Edge.Api.Contracts;

/// <summary>The client that published; absent for the server API's publications.</summary>
internal sealed record PublicationFrom(string Client, string User);
