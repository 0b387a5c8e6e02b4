namespace Realtime.Samples.Chat.Moderation;

/// <summary>A set of banned words, matched against the words of a text ignoring case.</summary>
public sealed class WordList
{
    private readonly HashSet<string> _words;

    /// <summary>Creates the list from <paramref name="words"/>.</summary>
    public WordList(IEnumerable<string> words) => _words = new(words.Select(w => w.Trim()), StringComparer.OrdinalIgnoreCase);

    /// <summary>The first banned word of <paramref name="text"/>, or null when it has none.</summary>
    public string? FirstIn(string text) => Split(text).FirstOrDefault(_words.Contains);

    /// <summary>
    /// The words of <paramref name="text"/>: runs of letters and digits. Whole words, so "class" is not
    /// caught by a banned "ass"; punctuation around a word does not hide it.
    /// </summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }

        return words;
    }
}
