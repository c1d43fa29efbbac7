using k8s;
using k8s.Models;
using Wharf.Kube.Fake;
using Wharf.Kube.Informers;

namespace Wharf.Kube.Tests.Support;

/// <summary>The package's client wired to the in-process fake API server.</summary>
internal static class FakeApi
{
    /// <summary>Fast retries, so fault tests finish quickly; generous limits elsewhere.</summary>
    public static InformerOptions FastInformer { get; } = new()
    {
        BackoffInitial = TimeSpan.FromMilliseconds(20),
        BackoffMax = TimeSpan.FromMilliseconds(200),
    };

    public static Kubernetes Client(FakeKubeServer server) => new(new KubernetesClientConfiguration
    {
        Host = server.BaseAddress.ToString(),
        HttpClientTimeout = TimeSpan.FromSeconds(30),
    });

    /// <summary>A ConfigMap with apiVersion/kind set, as every create sends them.</summary>
    public static V1ConfigMap ConfigMap(string name, string? v = "1", IDictionary<string, string>? labels = null) => new()
    {
        ApiVersion = V1ConfigMap.KubeApiVersion,
        Kind = V1ConfigMap.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = v is null ? null : new Dictionary<string, string> { ["v"] = v },
    };

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
