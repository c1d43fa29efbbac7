using Wharf.Api.Workers;

namespace Wharf.Api.Egress;

/// <summary>
/// Host/port containment for egress rules: decides whether a worker's rule lies inside a quota's allowed rules.
/// A host pattern is an exact name, <c>*.suffix</c> (one or more labels in front of suffix) or <c>*</c> (any host);
/// a null port means any port.
/// </summary>
public static class EgressPolicy
{
    /// <summary>Whether a connection to <paramref name="host"/>:<paramref name="port"/> is allowed by <paramref name="rule"/>.</summary>
    public static bool Allows(EgressRule rule, string host, int port)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(host);
        return (rule.Port is null || rule.Port == port) && HostMatches(rule.Host, host.TrimEnd('.').ToLowerInvariant());
    }

    /// <summary>Whether every destination <paramref name="inner"/> allows is also allowed by <paramref name="outer"/>.</summary>
    public static bool Covers(EgressRule outer, EgressRule inner)
    {
        ArgumentNullException.ThrowIfNull(outer);
        ArgumentNullException.ThrowIfNull(inner);
        var portOk = outer.Port is null || outer.Port == inner.Port;
        return portOk && PatternCovers(outer.Host, inner.Host);
    }

    /// <summary>
    /// The rules of <paramref name="requested"/> that no rule of <paramref name="allowed"/> covers (empty when the
    /// worker's egress lies inside the quota). A null or empty <paramref name="allowed"/> allows nothing.
    /// </summary>
    public static IReadOnlyList<EgressRule> Uncovered(IEnumerable<EgressRule>? requested, IEnumerable<EgressRule>? allowed)
    {
        var allowedList = allowed?.ToList() ?? [];
        return [.. (requested ?? []).Where(r => !allowedList.Any(a => Covers(a, r)))];
    }

    private static bool HostMatches(string pattern, string host)
    {
        if (pattern == "*")
        {
            return true;
        }

        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.EndsWith(pattern[1..], StringComparison.Ordinal) && host.Length > pattern.Length - 1;
        }

        return string.Equals(pattern, host, StringComparison.Ordinal);
    }

    private static bool PatternCovers(string outer, string inner)
    {
        if (outer == "*")
        {
            return true;
        }

        if (inner == "*")
        {
            return false;
        }

        // "*.a.com" covers "x.a.com" and "*.x.a.com", but not "a.com" itself.
        return inner.StartsWith("*.", StringComparison.Ordinal)
            ? outer.StartsWith("*.", StringComparison.Ordinal) && (inner == outer || inner.EndsWith(outer[1..], StringComparison.Ordinal))
            : HostMatches(outer, inner);
    }
}
