using Realtime.Samples.Chat.Moderation;

namespace Realtime.Samples.Tests.Chat;

public sealed class WordListTests
{
    private readonly WordList _banned = new(["badword", "Spam"]);

    [Theory]
    [InlineData("badword", "badword")]
    [InlineData("BadWord", "BadWord")]
    [InlineData("so... badword!", "badword")]
    [InlineData("buy spam now", "spam")]
    [InlineData("(badword)", "badword")]
    public void FirstIn_FindsBannedWholeWords_IgnoringCaseAndPunctuation(string text, string found) =>
        Assert.Equal(found, _banned.FirstIn(text));

    [Theory]
    [InlineData("")]
    [InlineData("hello there")]
    [InlineData("badwords")]
    [InlineData("spammer")]
    [InlineData("bad word")]
    public void FirstIn_LeavesOtherWordsAlone(string text) => Assert.Null(_banned.FirstIn(text));

    [Fact]
    public void Split_GivesRunsOfLettersAndDigits() =>
        Assert.Equal(["it", "s", "42", "élan", "x"], WordList.Split("it's 42 -élan- x"));
}
