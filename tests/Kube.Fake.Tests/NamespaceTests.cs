using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests;

public sealed class NamespaceTests
{
    private static JsonObject Namespace(string name) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };

    [Fact]
    public async Task Create_InMissingNamespace_Returns404WhenRequired()
    {
        await using var server = await FakeKubeServer.StartAsync(new FakeKubeServerOptions { RequireNamespaces = true });
        using var api = new TestApi(server.CreateClient());

        var (code, body) = await api.PostAsync(TestApi.ConfigMapsIn("nowhere"), TestApi.ConfigMap("c"));

        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("namespaces \"nowhere\" not found", (string?)body["message"]);
    }

    [Fact]
    public async Task Create_InTerminatingNamespace_Returns403()
    {
        await using var server = await FakeKubeServer.StartAsync(new FakeKubeServerOptions { RequireNamespaces = true });
        using var api = new TestApi(server.CreateClient());
        var ns = Namespace("t");
        ns["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await api.CreateAsync("api/v1/namespaces", ns);
        await api.DeleteAsync("api/v1/namespaces/t");

        var (code, body) = await api.PostAsync(TestApi.ConfigMapsIn("t"), TestApi.ConfigMap("c"));

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("Forbidden", (string?)body["reason"]);
    }

    [Fact]
    public async Task Delete_Namespace_RemovesItsContent()
    {
        await using var server = await FakeKubeServer.StartAsync(new FakeKubeServerOptions { RequireNamespaces = true });
        using var api = new TestApi(server.CreateClient());
        await api.CreateAsync("api/v1/namespaces", Namespace("t"));
        await api.CreateAsync(TestApi.ConfigMapsIn("t"), TestApi.ConfigMap("c"));

        await api.DeleteAsync("api/v1/namespaces/t");
        server.CollectGarbage();

        Assert.Null(server.GetObject("v1", "configmaps", "t", "c"));
    }

    [Fact]
    public async Task Create_InMissingNamespace_IsAllowedByDefault()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var api = new TestApi(server.CreateClient());

        var (code, _) = await api.PostAsync(TestApi.ConfigMapsIn("nowhere"), TestApi.ConfigMap("c"));

        Assert.Equal(HttpStatusCode.Created, code);
    }
}
