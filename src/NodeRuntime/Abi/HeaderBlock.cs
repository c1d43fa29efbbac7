using System.Text;

namespace Wharf.NodeRuntime.Abi;

/// <summary>The ABI's header block: <c>name \0 value \0</c> pairs.</summary>
internal static class HeaderBlock
{
    /// <summary>Encodes <paramref name="headers"/>; names are lower-cased.</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in headers)
        {
            builder.Append(name.ToLowerInvariant()).Append('\0').Append(value).Append('\0');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Parses a block; false when it is not a well-formed sequence of valid pairs.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> block, out List<KeyValuePair<string, string>> headers)
    {
        headers = [];
        string text;
        try
        {
            text = GuestMemory.StrictUtf8.GetString(block);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        if (text.Length == 0)
        {
            return true;
        }

        if (text[^1] != '\0')
        {
            return false;
        }

        var parts = text[..^1].Split('\0');
        if (parts.Length % 2 != 0)
        {
            return false;
        }

        for (var i = 0; i < parts.Length; i += 2)
        {
            if (!IsValidName(parts[i]) || !IsValidValue(parts[i + 1]))
            {
                return false;
            }

            headers.Add(new(parts[i].ToLowerInvariant(), parts[i + 1]));
        }

        return true;
    }

    /// <summary>An RFC 9110 token.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>No NUL, CR or LF (and no other control characters except tab).</summary>
    public static bool IsValidValue(string value)
    {
        foreach (var c in value)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7f)
            {
                return false;
            }
        }

        return true;
    }
}
