using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Realtime.Grains.State;

/// <summary>
/// JSON Merge Patch (RFC 7386): a patch object names the members to change; a member whose patch value is
/// <c>null</c> is removed, an object member is merged recursively, anything else replaces. A patch that is not
/// an object replaces the whole target.
/// </summary>
internal static class JsonMergePatch
{
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonDocumentOptions Input = new() { MaxDepth = 64 };

    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="target"/> (null: the key does not exist yet) and
    /// returns the result as compact JSON text. Throws <see cref="JsonException"/> when either is not JSON.
    /// </summary>
    public static string Apply(string? target, string patch)
    {
        try
        {
            var result = Merge(target is null ? null : JsonNode.Parse(target, documentOptions: Input), JsonNode.Parse(patch, documentOptions: Input));
            return result is null ? "null" : result.ToJsonString(Output);
        }
        catch (ArgumentException ex)
        {
            // Duplicate member names surface (lazily, when an object is first read) as the dictionary's ArgumentException.
            throw new JsonException(ex.Message, ex);
        }
    }

    /// <summary>The RFC's MergePatch(Target, Patch), over nodes; the target may be changed in place.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject members)
        {
            // A non-object patch replaces the target. DeepClone: the node is still attached to the patch document.
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (name, value) in members)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result.TryGetPropertyValue(name, out var current);
                var merged = Merge(current, value);
                if (!ReferenceEquals(merged, current))
                {
                    result[name] = merged;
                }
            }
        }

        return result;
    }
}
