namespace Wharf.NodeRuntime.Egress;

/// <summary>An allowed outbound destination: <c>api.example.com</c>, <c>*.example.com</c> (subdomains only),
/// <c>*</c> (any host) or an IP literal, optionally restricted to one port.</summary>
/// <param name="Host">Host pattern.</param>
/// <param name="Port">Port, or null for any.</param>
public sealed record EgressRule(string Host, int? Port = null)
{
    /// <summary>Parses <c>host</c> or <c>host:port</c> (IPv6 literals in brackets: <c>[::1]:8080</c>).</summary>
    public static EgressRule Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        string host = text;
        string? port = null;
        var close = text.IndexOf(']', StringComparison.Ordinal);
        if (text.StartsWith('[') && close > 0)
        {
            host = text[..(close + 1)];
            port = text.Length > close + 1 ? (text[close + 1] == ':' ? text[(close + 2)..] : throw new FormatException($"egress rule '{text}' is malformed")) : null;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = text[..colon];
            port = text[(colon + 1)..];
        }

        int? number = null;
        if (port is not null)
        {
            number = int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p)
                ? p : throw new FormatException($"egress rule '{text}' has an invalid port");
        }

        var rule = new EgressRule(host, number);
        rule.Validate();
        return rule;
    }

    /// <summary>Normalized host: lower case, brackets removed.</summary>
    internal string NormalizedHost => Host.Trim('[', ']').ToLowerInvariant();

    /// <summary>True when the rule names one host exactly (no wildcard).</summary>
    internal bool IsExact => !Host.Contains('*', StringComparison.Ordinal);

    /// <summary>Throws <see cref="FormatException"/> for an empty host, a misplaced wildcard or a bad port.</summary>
    public void Validate()
    {
        var host = NormalizedHost;
        if (host.Length == 0)
        {
            throw new FormatException("egress rule has an empty host");
        }

        if (host != "*" && host.Contains('*', StringComparison.Ordinal) && (!host.StartsWith("*.", StringComparison.Ordinal) || host.LastIndexOf('*') != 0 || host.Length < 3))
        {
            throw new FormatException($"egress host '{Host}' may only use a leading '*.' wildcard");
        }

        if (Port is < 1 or > 65535)
        {
            throw new FormatException($"egress port {Port} is out of range 1..65535");
        }
    }

    /// <summary>Whether <paramref name="host"/> (normalized) and <paramref name="port"/> match this rule.</summary>
    internal bool Matches(string host, int port)
    {
        if (Port is { } p && p != port)
        {
            return false;
        }

        var pattern = NormalizedHost;
        return pattern == "*"
            || pattern == host
            || (pattern.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(pattern[1..], StringComparison.Ordinal) && host.Length > pattern.Length - 1);
    }
}
