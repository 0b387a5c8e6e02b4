namespace Realtime.Edge.Cluster;

/// <summary>What the live edges answered to one question, and which of them did not answer in time.</summary>
/// <param name="Answers">One per edge that answered.</param>
/// <param name="Failed">The ids of the edges whose call failed or timed out.</param>
internal sealed record EdgeAnswers<T>(IReadOnlyList<T> Answers, IReadOnlyList<string> Failed);
