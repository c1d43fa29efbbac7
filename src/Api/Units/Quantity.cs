using System.Globalization;

namespace Wharf.Api;

/// <summary>
/// A Kubernetes resource quantity such as <c>64Mi</c>, <c>1G</c>, <c>500m</c> or <c>1e3</c>
/// (<see href="https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/"/>):
/// a signed decimal number followed by a binary-SI suffix (Ki…Ei), a decimal-SI suffix (n, u, m, k, M…E) or a
/// decimal exponent. Parsing is strict: no spaces, no unknown suffixes, no empty number.
/// </summary>
public readonly record struct Quantity : IComparable<Quantity>
{
    private Quantity(decimal value, string text)
    {
        Value = value;
        Text = text;
    }

    /// <summary>The exact numeric value in base units (bytes, cores, …).</summary>
    public decimal Value { get; }

    /// <summary>The text the quantity was parsed from.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the problem.</summary>
    public static Quantity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var quantity, out var error) ? quantity : throw new FormatException(error);
    }

    /// <summary>Parses <paramref name="text"/>, reporting why it is not a quantity.</summary>
    public static bool TryParse(string? text, out Quantity quantity, out string? error)
    {
        quantity = default;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "quantity is empty";
            return false;
        }

        var i = 0;
        if (text[0] is '+' or '-')
        {
            i++;
        }

        var numberStart = i;
        var digits = DecimalScanner.Scan(text, ref i);

        if (digits == 0)
        {
            error = $"quantity \"{text}\" must start with a number";
            return false;
        }

        var numberText = text[numberStart..i];
        var suffix = text[i..];
        if (!decimal.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = $"quantity \"{text}\" has a number that is too large";
            return false;
        }

        if (!TryMultiplier(suffix, out var multiplier, out var suffixError))
        {
            error = $"quantity \"{text}\": {suffixError}";
            return false;
        }

        try
        {
            var value = number * multiplier;
            quantity = new Quantity(text[0] == '-' ? -value : value, text);
            return true;
        }
        catch (OverflowException)
        {
            error = $"quantity \"{text}\" is too large";
            return false;
        }
    }

    private static bool TryMultiplier(string suffix, out decimal multiplier, out string? error)
    {
        error = null;
        multiplier = suffix switch
        {
            "" => 1m,
            "n" => 0.000_000_001m,
            "u" => 0.000_001m,
            "m" => 0.001m,
            "k" => 1e3m,
            "M" => 1e6m,
            "G" => 1e9m,
            "T" => 1e12m,
            "P" => 1e15m,
            "E" => 1e18m,
            "Ki" => 1024m,
            "Mi" => 1024m * 1024,
            "Gi" => 1024m * 1024 * 1024,
            "Ti" => 1024m * 1024 * 1024 * 1024,
            "Pi" => 1024m * 1024 * 1024 * 1024 * 1024,
            "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
            _ => 0m,
        };
        if (multiplier != 0m)
        {
            return true;
        }

        if (suffix[0] is 'e' or 'E' &&
            int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent))
        {
            if (exponent is < -18 or > 18)
            {
                error = $"exponent {exponent} is out of range (-18..18)";
                return false;
            }

            multiplier = exponent >= 0 ? Pow10(exponent) : 1m / Pow10(-exponent);
            return true;
        }

        error = $"unknown suffix \"{suffix}\" (expected one of Ki Mi Gi Ti Pi Ei n u m k M G T P E or an exponent like e3)";
        return false;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    /// <summary>
    /// The value as whole bytes, rounded up as Kubernetes does; throws <see cref="FormatException"/> for negative
    /// values and <see cref="OverflowException"/> past <see cref="long.MaxValue"/>.
    /// </summary>
    public long ToBytes()
    {
        if (Value < 0)
        {
            throw new FormatException($"quantity \"{Text}\" is negative; a size must not be");
        }

        return decimal.ToInt64(decimal.Ceiling(Value));
    }

    /// <summary>The value in thousandths (millicores for CPU), rounded up.</summary>
    public long ToMilli() => decimal.ToInt64(decimal.Ceiling(Value * 1000));

    /// <summary>Parses a size such as <c>64Mi</c> straight to bytes.</summary>
    public static long ParseBytes(string text) => Parse(text).ToBytes();

    /// <inheritdoc />
    public int CompareTo(Quantity other) => Value.CompareTo(other.Value);

    /// <summary>Orders by value.</summary>
    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    /// <summary>Orders by value.</summary>
    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    /// <summary>Orders by value.</summary>
    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    /// <summary>Orders by value.</summary>
    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public bool Equals(Quantity other) => Value == other.Value;

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Text ?? "0";
}
