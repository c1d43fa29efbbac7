using System.IO.Hashing;
using System.Text;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;
using Wharf.Ingress.Routing;

namespace Wharf.Ingress.Proxy;

/// <summary>
/// Consistent hashing per worker (rendezvous hashing): each worker's requests go to the same runtime pod, which then
/// holds that worker warm; when a pod leaves, only the workers it held move, and every ingress replica agrees.
/// </summary>
internal sealed class WorkerHashPolicy : ILoadBalancingPolicy
{
    public const string PolicyName = "WharfWorkerHash";

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count <= 1)
        {
            return availableDestinations.Count == 0 ? null : availableDestinations[0];
        }

        var key = context.Features.Get<IReverseProxyFeature>()?.Route.Config.Metadata?.GetValueOrDefault(ProxyConfigBuilder.WorkerKey)
            ?? context.Request.Host.Value ?? "";
        return Pick(key, availableDestinations);
    }

    internal static DestinationState Pick(string key, IReadOnlyList<DestinationState> destinations)
    {
        var keyHash = Hash(key);
        DestinationState best = destinations[0];
        var bestScore = 0UL;
        for (var i = 0; i < destinations.Count; i++)
        {
            var score = Mix(keyHash ^ Hash(destinations[i].DestinationId));
            if (i == 0 || score > bestScore)
            {
                (best, bestScore) = (destinations[i], score);
            }
        }

        return best;
    }

    private static ulong Hash(string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        return XxHash3.HashToUInt64(bytes);
    }

    // SplitMix64's finalizer, so that scores of one key against different pods are independent.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
