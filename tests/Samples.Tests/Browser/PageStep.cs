namespace Realtime.Samples.Tests.Browser;

/// <summary>
/// One thing a user does or waits for on a page, as tests/clients/browser-steps.js takes it. Each user is a
/// browser context of its own (own sessionStorage), so two users are two people.
/// </summary>
/// <param name="Name">How results and failure messages name the step; unique in a run.</param>
/// <param name="User">Whose page.</param>
/// <param name="Action"><c>goto</c>, <c>reload</c>, <c>fill</c>, <c>press</c>, <c>click</c>, <c>waitFor</c>, <c>waitCount</c> or <c>read</c>.</param>
public sealed record PageStep(string Name, string User, string Action)
{
    /// <summary>The page to open (<c>goto</c>).</summary>
    public string? Url { get; init; }

    /// <summary>The CSS selector the action works on.</summary>
    public string? Selector { get; init; }

    /// <summary>What to type (<c>fill</c>).</summary>
    public string? Value { get; init; }

    /// <summary>The key to press (<c>press</c>).</summary>
    public string? Key { get; init; }

    /// <summary>Text the awaited element must contain (<c>waitFor</c>), or null for any.</summary>
    public string? Text { get; init; }

    /// <summary>How many elements must match (<c>waitCount</c>).</summary>
    public int? Count { get; init; }

    /// <summary>The attribute to read instead of the text (<c>read</c>).</summary>
    public string? Attribute { get; init; }

    /// <summary>Opens <paramref name="url"/>.</summary>
    public static PageStep Goto(string user, string url) => new($"{user} opens {url}", user, "goto") { Url = url };

    /// <summary>Reloads the page.</summary>
    public static PageStep Reload(string user) => new($"{user} reloads", user, "reload");

    /// <summary>Types <paramref name="value"/> into <paramref name="selector"/>.</summary>
    public static PageStep Fill(string user, string selector, string value) =>
        new($"{user} types \"{value}\" into {selector}", user, "fill") { Selector = selector, Value = value };

    /// <summary>Presses <paramref name="key"/> in <paramref name="selector"/>.</summary>
    public static PageStep Press(string user, string selector, string key) =>
        new($"{user} presses {key} in {selector}", user, "press") { Selector = selector, Key = key };

    /// <summary>Clicks <paramref name="selector"/>.</summary>
    public static PageStep Click(string user, string selector) => new($"{user} clicks {selector}", user, "click") { Selector = selector };

    /// <summary>Waits for an element matching <paramref name="selector"/> that contains <paramref name="text"/> (any when null).</summary>
    public static PageStep WaitFor(string user, string selector, string? text = null) =>
        new($"{user} waits for {selector}{(text is null ? string.Empty : $" with \"{text}\"")}", user, "waitFor") { Selector = selector, Text = text };

    /// <summary>Reads the text (or <paramref name="attribute"/>) of every element matching <paramref name="selector"/> as step <paramref name="name"/>.</summary>
    public static PageStep Read(string name, string user, string selector, string? attribute = null) =>
        new(name, user, "read") { Selector = selector, Attribute = attribute };
}
