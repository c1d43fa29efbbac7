using System.Globalization;

namespace Wharf.Cli.Wasm;

/// <summary>Parses the value syntaxes of <c>wharf wasm run</c>; each returns null and an error
/// message for bad input.</summary>
internal static class CliValueParsers
{
    private static readonly (string Suffix, long Factor)[] SizeUnits =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30),
        ("KB", 1000), ("MB", 1000_000), ("GB", 1000_000_000),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("B", 1),
    ];

    private static readonly (string Suffix, double Seconds)[] DurationUnits =
    [
        ("ms", 0.001), ("us", 0.000_001), ("s", 1), ("m", 60), ("h", 3600),
    ];

    /// <summary>"64MiB", "1GiB", "512KiB", "65536" (bytes); K/M/G are binary, KB/MB/GB decimal.</summary>
    public static long? ParseSize(string text, out string? error)
    {
        error = null;
        var s = text.Trim();
        long factor = 1;
        foreach (var (suffix, f) in SizeUnits)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                s = s[..^suffix.Length].TrimEnd();
                factor = f;
                break;
            }
        }

        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > long.MaxValue / factor)
        {
            error = $"invalid size '{text}' (expected e.g. 64MiB, 1GiB or a byte count)";
            return null;
        }

        return n * factor;
    }

    /// <summary>"5s", "500ms", "1.5s", "2m", "1h", or a bare number of seconds.</summary>
    public static TimeSpan? ParseDuration(string text, out string? error)
    {
        error = null;
        var s = text.Trim();
        double unit = 1;
        foreach (var (suffix, seconds) in DurationUnits)
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal))
            {
                s = s[..^suffix.Length];
                unit = seconds;
                break;
            }
        }

        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value <= 0 || value * unit > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            error = $"invalid duration '{text}' (expected e.g. 5s, 500ms, 2m)";
            return null;
        }

        return TimeSpan.FromSeconds(value * unit);
    }

    /// <summary>"HOST" or "HOST::GUEST" (wasmtime's syntax); GUEST defaults to HOST.</summary>
    public static (string Host, string Guest)? ParseDir(string text, out string? error)
    {
        error = null;
        var sep = text.IndexOf("::", StringComparison.Ordinal);
        var host = sep < 0 ? text : text[..sep];
        var guest = sep < 0 ? text : text[(sep + 2)..];
        if (host.Length == 0 || guest.Length == 0)
        {
            error = $"invalid directory mapping '{text}' (expected HOST or HOST::GUEST)";
            return null;
        }

        return (host, guest);
    }

    /// <summary>"KEY=VALUE", or "KEY" to pass the host's value through (skipped when unset).</summary>
    public static KeyValuePair<string, string>? ParseEnv(string text, Func<string, string?> hostLookup, out string? error)
    {
        error = null;
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var key = eq < 0 ? text : text[..eq];
        if (key.Length == 0)
        {
            error = $"invalid environment variable '{text}' (expected KEY=VALUE)";
            return null;
        }

        if (eq >= 0)
        {
            return new(key, text[(eq + 1)..]);
        }

        return hostLookup(key) is { } value ? new(key, value) : null;
    }
}
