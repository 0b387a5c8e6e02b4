using System.Text.Json;

namespace Realtime.Edge.Tests.Conformance;

/// <summary>
/// The expectations table (AutobahnExpectations.json): for each case id, <c>Ok</c> (the exact behaviour),
/// <c>NonStrict</c> (the right outcome, reached another acceptable way), or <c>Informational</c> (anything, as long as
/// the connection ends and the server goes on), each with its reason. A <c>sockjs:</c> key overrides a case on the
/// SockJS endpoint.
/// </summary>
internal static class AutobahnExpectations
{
    private static readonly Lazy<Dictionary<string, Entry>> Table = new(Load);

    /// <summary>The behaviour required of <paramref name="caseId"/> on an endpoint.</summary>
    public static string BehaviorOf(string caseId, bool sockJs)
    {
        if (sockJs && Table.Value.TryGetValue("sockjs:" + caseId, out var over))
        {
            return over.Behavior;
        }

        return Table.Value.TryGetValue(caseId, out var entry)
            ? entry.Behavior
            : throw new InvalidOperationException($"AutobahnExpectations.json has no entry for case {caseId}");
    }

    /// <summary>Every case id in the table, overrides left out.</summary>
    public static IEnumerable<string> CaseIds => Table.Value.Keys.Where(k => !k.Contains(':', StringComparison.Ordinal));

    private static Dictionary<string, Entry> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Conformance", "AutobahnExpectations.json");
        var table = JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidOperationException("AutobahnExpectations.json is empty");
        foreach (var (id, entry) in table)
        {
            if (entry.Behavior is not ("Ok" or "NonStrict" or "Informational") || string.IsNullOrWhiteSpace(entry.Reason))
            {
                throw new InvalidOperationException($"AutobahnExpectations.json: case {id} needs a behavior of Ok, NonStrict or Informational and a reason");
            }
        }

        return table;
    }

    private sealed record Entry(string Behavior, string Reason);
}
