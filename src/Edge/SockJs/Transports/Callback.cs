namespace Realtime.Edge.SockJs.Transports;

/// <summary>The <c>c</c>/<c>callback</c> query parameter of htmlfile and jsonp.</summary>
internal static class Callback
{
    /// <summary>Longest accepted callback name, which keeps JSONP reflection small.</summary>
    public const int MaxLength = 32;

    /// <summary>Returns the callback, or the protocol's error message when it is missing or invalid.</summary>
    public static string? Read(HttpRequest request, out string? error)
    {
        var value = request.Query["c"].ToString();
        if (value.Length == 0)
        {
            value = request.Query["callback"].ToString();
        }

        if (value.Length == 0)
        {
            error = "\"callback\" parameter required";
            return null;
        }

        if (value.Length > MaxLength || !IsValid(value))
        {
            error = "invalid \"callback\" parameter";
            return null;
        }

        error = null;
        return value;
    }

    private static bool IsValid(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
