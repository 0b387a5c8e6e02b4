using System.Globalization;
using Realtime.Samples.Tests.Browser;

namespace Realtime.Samples.Tests.Chat;

/// <summary>
/// The chat sample's page in headless Chromium: two people, each in a browser context of their own and on
/// a different host of one cluster, use it as the README describes.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class ChatPageTests(ChatCluster cluster)
{
    private const string Messages = "#messages li.message";

    [Fact]
    public async Task TwoUsersOnTwoEdges_SeeEachOther_Chat_AreModerated_AskWhois_AndGetHistoryBackAfterAReload()
    {
        var room = "room-" + Guid.NewGuid().ToString("N")[..8];
        var before = DateTimeOffset.UtcNow;

        var run = await PageDriver.RunAsync(["alice", "bob"],
        [
            PageStep.Goto("alice", cluster.A.Url + "/"),
            PageStep.Goto("bob", cluster.B.Url + "/"),
            .. Join("alice", room),
            .. Join("bob", room),
            PageStep.WaitFor("alice", Member("bob")),
            PageStep.WaitFor("bob", Member("alice")),
            PageStep.Read("alice's members", "alice", "#members li.member", "data-name"),
            PageStep.Read("bob's members", "bob", "#members li.member", "data-name"),

            .. Say("alice", "hello bob"),
            PageStep.WaitFor("bob", Messages, "hello bob"),
            PageStep.Read("bob's first stamp", "bob", Messages, "data-time"),
            PageStep.Read("bob's first shown time", "bob", Messages + " time"),

            // Refused: alice sees why; a later message reaching bob shows that nothing came in between.
            .. Say("alice", "what a badword"),
            PageStep.WaitFor("alice", "#messages li.refused", "403"),
            PageStep.Read("alice's refusal", "alice", "#messages li.refused"),
            .. Say("alice", "sorry"),
            PageStep.WaitFor("bob", Messages, "sorry"),
            PageStep.Read("bob's texts", "bob", Messages + " .text"),
            PageStep.Read("bob's senders", "bob", Messages + " .name"),

            .. Say("bob", "/whois"),
            PageStep.WaitFor("bob", "#messages li.whois", "in " + room),
            .. Say("bob", "/whois alice"),
            PageStep.WaitFor("bob", "#messages li.whois", "alice is in"),
            PageStep.Read("bob's whois answers", "bob", "#messages li.whois"),
            PageStep.Click("alice", Member("bob")),
            PageStep.WaitFor("alice", "#messages li.whois", "bob is in"),

            PageStep.Reload("bob"),
            PageStep.WaitFor("bob", Messages, "sorry") with { Name = "bob waits for the history after reloading" },
            PageStep.WaitFor("bob", Member("alice")) with { Name = "bob waits for alice after reloading" },
            PageStep.Read("bob's texts after reloading", "bob", Messages + " .text"),
            PageStep.Read("bob's stamps after reloading", "bob", Messages, "data-time"),
            PageStep.WaitFor("alice", "#messages li.system", "bob left"),
            PageStep.WaitFor("alice", Member("bob")) with { Name = "alice waits for bob's new connection" },
        ], deadline: TimeSpan.FromSeconds(90), stepTimeout: TimeSpan.FromSeconds(15));

        Assert.Equal(["alice", "bob"], run.Values("alice's members"));
        Assert.Equal(["alice", "bob"], run.Values("bob's members"));

        var stamp = Assert.Single(run.Values("bob's first stamp"));
        var time = DateTimeOffset.Parse(stamp!, CultureInfo.InvariantCulture);
        Assert.InRange(time, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(run.Values("bob's first shown time"))), $"the message shows no time.\n{run.Describe()}");

        Assert.Contains("banned word", Assert.Single(run.Values("alice's refusal")), StringComparison.Ordinal);
        Assert.Equal(["hello bob", "sorry"], run.Values("bob's texts"));
        Assert.Equal(["alice", "alice"], run.Values("bob's senders"));

        var whois = run.Values("bob's whois answers");
        Assert.Equal(2, whois.Count);
        Assert.Contains("alice", whois[0], StringComparison.Ordinal);
        Assert.Contains("bob", whois[0], StringComparison.Ordinal);
        Assert.StartsWith("alice is in " + room, whois[1], StringComparison.Ordinal);

        Assert.Equal(["hello bob", "sorry"], run.Values("bob's texts after reloading"));
        Assert.Equal(run.Values("bob's first stamp")[0], run.Values("bob's stamps after reloading")[0]);
        Assert.All(run.Users, u => Assert.True(u.Value.PageErrors.Count == 0, $"{u.Key}'s page threw.\n{run.Describe()}"));
    }

    private static string Member(string name) => $"#members li.member[data-name=\"{name}\"]";

    private static PageStep[] Join(string user, string room) =>
    [
        PageStep.Fill(user, "#name", user),
        PageStep.Fill(user, "#room", room),
        PageStep.Click(user, "#join"),
    ];

    private static PageStep[] Say(string user, string text) =>
    [
        PageStep.Fill(user, "#text", text),
        PageStep.Press(user, "#text", "Enter") with { Name = $"{user} sends \"{text}\"" },
    ];
}
