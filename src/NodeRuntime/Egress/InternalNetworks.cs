using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Wharf.NodeRuntime.Egress;

/// <summary>
/// Addresses that are internal to this deployment beyond the well-known private ranges of <see cref="AddressClassifier"/>:
/// this host's own interface addresses (a public address on a node's NIC is still the node) and the cluster's pod,
/// service and node CIDRs the operator knows. A worker reaches them only when its allow-list names the host explicitly.
/// </summary>
internal sealed class InternalNetworks
{
    private static readonly TimeSpan HostRefresh = TimeSpan.FromSeconds(30);
    private readonly IReadOnlyList<(byte[] Network, int Bits)> _cidrs;
    private readonly Func<IEnumerable<IPAddress>> _hostAddresses;
    private readonly TimeProvider _time;
    private (DateTimeOffset Stamp, HashSet<IPAddress> Addresses) _host = (DateTimeOffset.MinValue, []);

    /// <param name="cidrs">Cluster CIDRs (<c>10.244.0.0/16</c>, <c>fd00::/108</c>, or a single address).</param>
    /// <param name="hostAddresses">This host's addresses; the interfaces' unicast addresses when null.</param>
    /// <param name="time">Clock for re-reading the host's addresses (interfaces come and go).</param>
    public InternalNetworks(IEnumerable<string> cidrs, Func<IEnumerable<IPAddress>>? hostAddresses = null, TimeProvider? time = null)
    {
        _cidrs = [.. cidrs.Select(Parse)];
        _hostAddresses = hostAddresses ?? InterfaceAddresses;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>No cluster CIDRs; this host's interface addresses only.</summary>
    public static InternalNetworks HostOnly { get; } = new([]);

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        return HostAddresses().Contains(address) || _cidrs.Any(c => InPrefix(bytes, c.Network, c.Bits));
    }

    /// <summary>Parses <c>ADDRESS/BITS</c> or a bare address; throws <see cref="FormatException"/> naming the text.</summary>
    public static (byte[] Network, int Bits) Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? cidr : cidr[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            throw new FormatException($"'{cidr}' is not a CIDR: '{addressText}' is not an IP address");
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var bits = max;
        if (slash >= 0 && (!int.TryParse(cidr[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bits) || bits > max))
        {
            throw new FormatException($"'{cidr}' is not a CIDR: the prefix length must be 0..{max}");
        }

        return (address.GetAddressBytes(), bits);
    }

    private HashSet<IPAddress> HostAddresses()
    {
        var now = _time.GetUtcNow();
        var cached = _host;
        if (cached.Stamp != DateTimeOffset.MinValue && now - cached.Stamp < HostRefresh)
        {
            return cached.Addresses;
        }

        var fresh = new HashSet<IPAddress>(_hostAddresses().Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a));
        _host = (now, fresh);
        return fresh;
    }

    private static IEnumerable<IPAddress> InterfaceAddresses()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address)];
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }

    private static bool InPrefix(byte[] address, byte[] network, int bits)
    {
        if (address.Length != network.Length)
        {
            return false;
        }

        for (var i = 0; i < bits; i++)
        {
            var mask = 0x80 >> (i % 8);
            if ((address[i / 8] & mask) != (network[i / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
