namespace Wharf.Api;

/// <summary>The unsigned decimal literal (<c>digits[.digits]</c>) shared by quantities and durations.</summary>
internal static class DecimalScanner
{
    /// <summary>Advances <paramref name="i"/> past digits, an optional '.', and more digits; returns how many
    /// digits it passed (0 means there was no number, though a lone '.' may have been consumed).</summary>
    public static int Scan(string text, ref int i)
    {
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }

        return digits;
    }
}
