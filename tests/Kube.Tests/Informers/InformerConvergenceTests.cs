using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Wharf.Kube.Fake;
using Wharf.Kube.Informers;
using Wharf.Kube.Resources;
using Wharf.Kube.Tests.Support;

namespace Wharf.Kube.Tests.Informers;

public sealed class InformerConvergenceTests(FakeKubeServerFixture fixture) : IClassFixture<FakeKubeServerFixture>
{
    [Fact]
    public async Task RunAsync_RandomChangesWithDropsAndCompactions_CacheAndHandlersConvergeToServer()
    {
        using var client = FakeApi.Client(fixture.Server);
        var ns = $"conv-{Guid.NewGuid():N}"[..16];
        var informer = new Informer<V1ConfigMap>(ListWatches.ConfigMaps(client, ns), FakeApi.FastInformer);

        // What a controller would rebuild from the handler calls alone.
        var fromHandlers = new ConcurrentDictionary<string, string>();
        var violations = new ConcurrentQueue<string>(); // the informer swallows handler exceptions, so record instead

        informer.AddHandler(new InformerHandler<V1ConfigMap>
        {
            OnAdd = o =>
            {
                if (!fromHandlers.TryAdd(o.Metadata.Name!, o.Metadata.ResourceVersion!))
                {
                    violations.Enqueue("add of known " + o.Metadata.Name);
                }
            },
            OnUpdate = (old, o) =>
            {
                if (!fromHandlers.ContainsKey(o.Metadata.Name!) || old.Metadata.Name != o.Metadata.Name)
                {
                    violations.Enqueue("update of unknown " + o.Metadata.Name);
                }

                fromHandlers[o.Metadata.Name!] = o.Metadata.ResourceVersion!;
            },
            OnDelete = o =>
            {
                if (!fromHandlers.TryRemove(o.Metadata.Name!, out _))
                {
                    violations.Enqueue("delete of unknown " + o.Metadata.Name);
                }
            },
        });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var random = new Random(1234);
        for (var i = 0; i < 120; i++)
        {
            var name = "o" + random.Next(12);
            switch (random.Next(10))
            {
                case < 5:
                    var existing = await TryReadAsync(client, name, ns);
                    if (existing is null)
                    {
                        await client.CoreV1.CreateNamespacedConfigMapAsync(FakeApi.ConfigMap(name, $"{i}"), ns);
                    }
                    else
                    {
                        existing.Data = new Dictionary<string, string> { ["v"] = $"{i}" };
                        await client.CoreV1.ReplaceNamespacedConfigMapAsync(existing, name, ns);
                    }

                    break;
                case < 7:
                    try
                    {
                        await client.CoreV1.DeleteNamespacedConfigMapAsync(name, ns);
                    }
                    catch (Exception ex) when (ex.IsNotFound())
                    {
                    }

                    break;
                case 7:
                    fixture.Server.DropWatches(abort: random.Next(2) == 0);
                    break;
                case 8:
                    // Keep the watch away while something changes, then compact: its resume gets 410 and it relists.
                    fixture.Server.Faults.FailNext(1000, 503, r => r.Verb == "watch" && r.Namespace == ns);
                    fixture.Server.DropWatches(abort: true);
                    var generated = FakeApi.ConfigMap("unused", null);
                    generated.Metadata = new V1ObjectMeta { GenerateName = "gen-" };
                    await client.CoreV1.CreateNamespacedConfigMapAsync(generated, ns);
                    fixture.Server.Compact();
                    fixture.Server.Faults.Clear();
                    break;
                default:
                    await Task.Delay(5);
                    break;
            }
        }

        var server = (await client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.ToDictionary(o => o.Metadata.Name!, o => o.Metadata.ResourceVersion!);
        bool Converged() =>
            informer.List(ns).Count == server.Count &&
            server.All(kv => informer.Get(kv.Key, ns)?.Metadata.ResourceVersion == kv.Value) &&
            fromHandlers.Count == server.Count &&
            server.All(kv => fromHandlers.TryGetValue(kv.Key, out var rv) && rv == kv.Value);
        await FakeApi.EventuallyAsync(Converged, "informer converges to the server state");

        await stop.CancelAsync();
        await run;
        Assert.Empty(violations);

        // The scenario must really have exercised resumes and 410 relists (initial list + final check + relists).
        var requests = fixture.Server.Requests.Snapshot().Where(r => r.Request.Namespace == ns).ToList();
        Assert.True(requests.Count(r => r.Request.Verb == "list") > 3, "no relist happened");
        Assert.True(requests.Count(r => r.Request.Verb == "watch") > 5, "no watch resume happened");
    }

    private static async Task<V1ConfigMap?> TryReadAsync(Kubernetes client, string name, string ns)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns);
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            return null;
        }
    }
}
