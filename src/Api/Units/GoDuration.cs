using System.Globalization;

namespace Wharf.Api;

/// <summary>
/// Durations in Go's <c>time.ParseDuration</c> syntax, as used in Kubernetes manifests: a sequence of decimal
/// numbers with units <c>ns</c>, <c>us</c> (or <c>µs</c>), <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, e.g.
/// <c>5s</c>, <c>100ms</c>, <c>1m30s</c>, <c>1.5h</c> (<see href="https://pkg.go.dev/time#ParseDuration"/>).
/// Negative durations are rejected here: every Wharf duration is a timeout or TTL.
/// </summary>
public static class GoDuration
{
    /// <summary>Parses to nanoseconds; throws <see cref="FormatException"/> naming the problem.</summary>
    public static long ParseNanoseconds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseNanoseconds(text, out var value, out var error) ? value : throw new FormatException(error);
    }

    /// <summary>Parses to a <see cref="TimeSpan"/> (100 ns resolution, rounded up).</summary>
    public static TimeSpan Parse(string text)
    {
        var ns = ParseNanoseconds(text);
        return TimeSpan.FromTicks(ns / 100 + (ns % 100 == 0 ? 0 : 1));
    }

    /// <summary>Parses to whole milliseconds, rounded up (so <c>1500us</c> is 2).</summary>
    public static long ParseMilliseconds(string text)
    {
        var ns = ParseNanoseconds(text);
        return ns / 1_000_000 + (ns % 1_000_000 == 0 ? 0 : 1);
    }

    /// <summary>Parses <paramref name="text"/>, reporting why it is not a duration.</summary>
    public static bool TryParseNanoseconds(string? text, out long nanoseconds, out string? error)
    {
        nanoseconds = 0;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "duration is empty";
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        if (text[0] is '-' or '+')
        {
            error = $"duration \"{text}\" must not have a sign";
            return false;
        }

        decimal total = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var digits = DecimalScanner.Scan(text, ref i);

            if (digits == 0)
            {
                error = $"duration \"{text}\": expected a number at position {start}";
                return false;
            }

            var number = decimal.Parse(text[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            var unit = text[unitStart..i];
            decimal scale = unit switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60m * 1_000_000_000,
                "h" => 3600m * 1_000_000_000,
                "" => -1m,
                _ => 0m,
            };
            if (scale == -1m)
            {
                error = $"duration \"{text}\": missing unit after {text[start..i]} (use ns, us, ms, s, m or h)";
                return false;
            }

            if (scale == 0m)
            {
                error = $"duration \"{text}\": unknown unit \"{unit}\" (use ns, us, ms, s, m or h)";
                return false;
            }

            total += number * scale;
            if (total > long.MaxValue)
            {
                error = $"duration \"{text}\" is too long";
                return false;
            }
        }

        nanoseconds = decimal.ToInt64(decimal.Ceiling(total));
        return true;
    }
}
