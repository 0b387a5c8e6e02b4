using System.Globalization;
using System.Text;

namespace Realtime.Browser.Tests;

/// <summary>
/// Messages cross to and from the JS clients as UTF-16 code units in hex (4 digits each), so lone
/// surrogates and noncharacters survive JSON and pipes exactly (see tests/clients/lib/echo-session.js).
/// </summary>
public static class Utf16Hex
{
    /// <summary>Each UTF-16 code unit of <paramref name="text"/> as 4 lowercase hex digits.</summary>
    public static string Encode(string text)
    {
        var sb = new StringBuilder(text.Length * 4);
        foreach (var unit in text)
        {
            sb.Append(((int)unit).ToString("x4", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>The string whose code units <paramref name="hex"/> lists.</summary>
    public static string Decode(string hex)
    {
        if (hex.Length % 4 != 0)
        {
            throw new FormatException($"UTF-16 hex text has length {hex.Length}, not a multiple of 4.");
        }

        return string.Create(hex.Length / 4, hex, static (chars, h) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)int.Parse(h.AsSpan(i * 4, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        });
    }
}
