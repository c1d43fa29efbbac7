using System.Net;
using System.Net.Sockets;

namespace Wharf.NodeRuntime.Egress;

/// <summary>Recognizes addresses a worker must not reach by default (SSRF protection).</summary>
internal static class AddressClassifier
{
    private static readonly (IPAddress Network, int Bits)[] V4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),        // "this network", unspecified
        (IPAddress.Parse("10.0.0.0"), 8),       // private
        (IPAddress.Parse("100.64.0.0"), 10),    // CGNAT (also Alibaba's 100.100.100.200 metadata)
        (IPAddress.Parse("127.0.0.0"), 8),      // loopback
        (IPAddress.Parse("169.254.0.0"), 16),   // link-local, incl. 169.254.169.254 metadata
        (IPAddress.Parse("172.16.0.0"), 12),    // private
        (IPAddress.Parse("192.0.0.0"), 24),     // IETF protocol assignments (incl. 192.0.0.192 Oracle metadata)
        (IPAddress.Parse("192.168.0.0"), 16),   // private
        (IPAddress.Parse("198.18.0.0"), 15),    // benchmarking
        (IPAddress.Parse("224.0.0.0"), 4),      // multicast
        (IPAddress.Parse("240.0.0.0"), 4),      // reserved, broadcast
    ];

    private static readonly (IPAddress Network, int Bits)[] V6 =
    [
        (IPAddress.Parse("::"), 128),           // unspecified
        (IPAddress.Parse("::1"), 128),          // loopback
        (IPAddress.Parse("fc00::"), 7),         // unique local, incl. fd00:ec2::254 metadata
        (IPAddress.Parse("fe80::"), 10),        // link-local
        (IPAddress.Parse("fec0::"), 10),        // deprecated site-local
        (IPAddress.Parse("ff00::"), 8),         // multicast
    ];

    /// <summary>True for loopback, private, link-local, CGNAT, multicast, unspecified, reserved and metadata
    /// addresses, including IPv4 addresses embedded in IPv6 (mapped, compatible, NAT64).</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return IsInternal(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            if (InPrefix(bytes, IPAddress.Parse("64:ff9b::").GetAddressBytes(), 96)
                || (InPrefix(bytes, new byte[16], 96) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback)))
            {
                return IsInternal(new IPAddress(bytes.AsSpan(12, 4)));
            }

            return V6.Any(n => InPrefix(bytes, n.Network.GetAddressBytes(), n.Bits));
        }

        var v4 = address.GetAddressBytes();
        return V4.Any(n => InPrefix(v4, n.Network.GetAddressBytes(), n.Bits));
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
