using Microsoft.Extensions.Options;
using Realtime.Samples.Chat.Moderation;

namespace Realtime.Samples.Chat.Hosting;

/// <summary>Stops start-up on chat rules that could never match or that leave no room to talk.</summary>
internal sealed class ChatOptionsValidator : IValidateOptions<ChatOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.BannedWords.Count; i++)
        {
            // A banned "word" with a space or a dash would never equal one word of a message.
            if (WordList.Split(options.BannedWords[i]).Count != 1)
            {
                errors.Add($"{ChatOptions.SectionName}:BannedWords:{i} must be one word of letters and digits.");
            }
        }

        if (options.MaxNameLength is < 1 or > 200)
        {
            errors.Add($"{ChatOptions.SectionName}:MaxNameLength must be from 1 to 200.");
        }

        if (options.MaxTextLength is < 1 or > 100_000)
        {
            errors.Add($"{ChatOptions.SectionName}:MaxTextLength must be from 1 to 100000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
