namespace Realtime.Samples.Chat.Hosting;

/// <summary>The chat's moderation rules, from the <c>Chat</c> configuration section.</summary>
public sealed class ChatOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Chat";

    /// <summary>Words that get a message refused (403), matched as whole words, ignoring case. <value>Default none.</value></summary>
    public IList<string> BannedWords { get; } = [];

    /// <summary>Longest name a member may join with. <value>Default 32.</value></summary>
    public int MaxNameLength { get; set; } = 32;

    /// <summary>Longest message text. <value>Default 1000.</value></summary>
    public int MaxTextLength { get; set; } = 1000;
}
