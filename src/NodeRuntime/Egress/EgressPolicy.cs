using System.Net;

namespace Wharf.NodeRuntime.Egress;

/// <summary>A worker's egress allow-list (empty = deny all) plus the internal-address rule: an address that is
/// loopback, private, link-local, CGNAT, multicast, unspecified or a metadata endpoint is reachable only when an
/// exact (non-wildcard) rule names the host or IP. The same holds for this host's own addresses and the cluster's
/// CIDRs (<see cref="InternalNetworks"/>).</summary>
internal sealed class EgressPolicy
{
    private readonly EgressRule[] _rules;
    private readonly InternalNetworks _internal;

    public EgressPolicy(IEnumerable<EgressRule> rules, InternalNetworks? internalNetworks = null)
    {
        _internal = internalNetworks ?? InternalNetworks.HostOnly;
        _rules = [.. rules];
        foreach (var rule in _rules)
        {
            rule.Validate();
        }
    }

    public static string Normalize(string host) => host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();

    /// <summary>Whether the allow-list permits <paramref name="host"/>:<paramref name="port"/>.</summary>
    public bool Allows(string host, int port)
    {
        var normalized = Normalize(host);
        return _rules.Any(r => r.Matches(normalized, port));
    }

    /// <summary>Whether an exact rule names <paramref name="host"/> (so internal addresses are permitted).</summary>
    public bool NamesExplicitly(string host, int port)
    {
        var normalized = Normalize(host);
        return _rules.Any(r => r.IsExact && r.Matches(normalized, port));
    }

    /// <summary>Whether connecting to <paramref name="address"/> for <paramref name="host"/> is permitted.</summary>
    public bool MayConnect(string host, int port, IPAddress address) =>
        !(AddressClassifier.IsInternal(address) || _internal.Contains(address)) || NamesExplicitly(host, port) || NamesExplicitly(address.ToString(), port);
}
