using System.Net;
using Microsoft.AspNetCore.Http;
using Wharf.Kube.Config;
using Wharf.Kube.Models;
using Wharf.Kube.Resources;
using Wharf.Kube.Tests.Support;
using Wharf.Kube.Watch;

namespace Wharf.Kube.Tests.Http;

public sealed class MisbehavingServerTests
{
    [Fact]
    public async Task Get_ServerTooSlow_ThrowsTimeoutAfterRequestTimeout()
    {
        await using var endpoint = await TestEndpoint.StartAsync(async http => await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted));
        using var client = endpoint.Client(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;

        await Assert.ThrowsAsync<TimeoutException>(() => client.ConfigMaps.GetAsync("x"));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Get_CallerCancels_ThrowsOperationCanceledNotTimeout()
    {
        await using var endpoint = await TestEndpoint.StartAsync(async http => await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted));
        using var client = endpoint.Client();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ConfigMaps.GetAsync("x", cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Get_ServerUrlWithPathPrefix_KeepsPrefix()
    {
        var paths = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var endpoint = await TestEndpoint.StartAsync(async http =>
        {
            paths.Enqueue(http.Request.Path + http.Request.QueryString);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""");
        });
        using var client = new KubernetesClient(new KubernetesClientOptions { Server = new Uri(endpoint.Address, "/k8s/clusters/c-1") });

        await client.ConfigMaps.GetAsync("x", "ns");
        await client.ConfigMaps.ListAsync("ns", new ListOptions { LabelSelector = "a=b" });

        Assert.Equal(["/k8s/clusters/c-1/api/v1/namespaces/ns/configmaps/x", "/k8s/clusters/c-1/api/v1/namespaces/ns/configmaps?labelSelector=a%3Db"], paths);
    }

    [Fact]
    public async Task Get_NonStatusErrorBody_KeepsHttpCode()
    {
        await using var endpoint = await TestEndpoint.StartAsync(async http =>
        {
            http.Response.StatusCode = 502;
            http.Response.ContentType = "text/html";
            await http.Response.WriteAsync("<html>bad gateway</html>");
        });
        using var client = endpoint.Client();

        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => client.ConfigMaps.GetAsync("x"));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Null(ex.Status);
    }

    [Fact]
    public async Task Watch_ServerClosesImmediately_BacksOffInsteadOfHotLooping()
    {
        await using var endpoint = await TestEndpoint.StartAsync(_ => Task.CompletedTask);
        using var client = endpoint.Client();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.ConfigMaps.WatchAsync("ns", resourceVersion: "1", cancellationToken: cts.Token))
            {
            }
        });

        // 100 ms doubling to a 400 ms cap fits at most ~6 attempts in a second.
        Assert.InRange(endpoint.Requests, 2, 8);
    }

    [Fact]
    public async Task Watch_ErrorEventOtherThanGone_YieldsErrorThenReconnects()
    {
        await using var endpoint = await TestEndpoint.StartAsync(async http =>
        {
            http.Response.ContentType = "application/json";
            var body = http.Request.Query["resourceVersion"] == "1"
                ? """{"type":"ERROR","object":{"kind":"Status","code":500,"reason":"InternalError","message":"etcd hiccup"}}"""
                : """{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"2"}}}""";
            await http.Response.WriteAsync(body + "\n");
            if (http.Request.Query["resourceVersion"] != "1")
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
        });
        using var client = endpoint.Client();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<WatchEvent<ConfigMap>>();

        // After the error the client reconnects from the same version, so this endpoint keeps failing; stop after 2 errors.
        await foreach (var ev in client.ConfigMaps.WatchAsync("ns", resourceVersion: "1", cancellationToken: cts.Token))
        {
            events.Add(ev);
            if (events.Count == 2)
            {
                break;
            }
        }

        Assert.All(events, e => Assert.Equal(WatchEventType.Error, e.Type));
        Assert.Equal("etcd hiccup", events[0].Status!.Message);
        Assert.Equal(2, endpoint.Requests);
    }

    [Fact]
    public async Task Watch_UndecodableEvent_SurfacesAsError()
    {
        await using var endpoint = await TestEndpoint.StartAsync(async http =>
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("""{"type":"ADDED","object":{"data":"not-a-map"}}""" + "\n");
            await Task.Delay(Timeout.Infinite, http.RequestAborted);
        });
        using var client = endpoint.Client();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await using var e = client.ConfigMaps.WatchAsync("ns", resourceVersion: "1", cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.True(await e.MoveNextAsync());

        Assert.Equal(WatchEventType.Error, e.Current.Type);
        Assert.Equal(500, e.Current.Status!.Code);
    }
}
