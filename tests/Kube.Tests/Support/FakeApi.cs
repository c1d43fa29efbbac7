using Wharf.Kube.Config;
using Wharf.Kube.Fake;

namespace Wharf.Kube.Tests.Support;

/// <summary>Clients wired to k2's in-process fake API server.</summary>
internal static class FakeApi
{
    public static KubernetesClient Client(FakeKubeServer server, string @namespace = "default") => new(new KubernetesClientOptions
    {
        Server = server.BaseAddress,
        Namespace = @namespace,
        WatchBackoffInitial = TimeSpan.FromMilliseconds(20),
        WatchBackoffMax = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(10),
    });

    /// <summary>Polls <paramref name="condition"/> until it holds or 10 s pass.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            await Task.Delay(20);
        }
    }
}
