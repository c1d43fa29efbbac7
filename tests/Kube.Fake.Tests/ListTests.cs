using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests;

public sealed class ListTests(FakeKubeServerFixture fixture) : FakeServerTest(fixture)
{
    private async Task<string> SeedAsync(TestApi api)
    {
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("a", new JsonObject { ["app"] = "web", ["tier"] = "front" }));
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("b", new JsonObject { ["app"] = "api" }));
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("c", new JsonObject { ["app"] = "db", ["tier"] = "back" }));
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("d"));
        return ns;
    }

    private static async Task<string[]> NamesAsync(TestApi api, string path)
    {
        var (code, body) = await api.GetAsync(path);
        Assert.True(code == HttpStatusCode.OK, body.ToJsonString());
        return [.. body["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!)];
    }

    [Theory]
    [InlineData("app=web", "a")]
    [InlineData("app==web", "a")]
    [InlineData("app!=web", "b,c,d")]
    [InlineData("app in (web,db)", "a,c")]
    [InlineData("app notin (web,db)", "b,d")]
    [InlineData("tier", "a,c")]
    [InlineData("!tier", "b,d")]
    [InlineData("app,tier=back", "c")]
    public async Task List_LabelSelector_FiltersItems(string selector, string expected)
    {
        using var api = Api();
        var ns = await SeedAsync(api);

        var names = await NamesAsync(api, $"{TestApi.ConfigMapsIn(ns)}?labelSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(expected.Split(','), names);
    }

    [Fact]
    public async Task List_BadLabelSelector_Returns400()
    {
        using var api = Api();

        var (code, _) = await api.GetAsync($"{TestApi.ConfigMapsIn("x")}?labelSelector={Uri.EscapeDataString("app in web")}");

        Assert.Equal(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task List_FieldSelector_FiltersByNameAndNamespace()
    {
        using var api = Api();
        var ns = await SeedAsync(api);

        Assert.Equal(["b"], await NamesAsync(api, $"{TestApi.ConfigMapsIn(ns)}?fieldSelector=metadata.name%3Db"));
        Assert.Equal(["a", "c", "d"], await NamesAsync(api, $"{TestApi.ConfigMapsIn(ns)}?fieldSelector=metadata.name!%3Db"));
        Assert.Equal(["a", "b", "c", "d"], await NamesAsync(api, $"api/v1/configmaps?fieldSelector=metadata.namespace%3D{ns}"));
    }

    [Fact]
    public async Task List_UnsupportedFieldSelector_Returns400()
    {
        using var api = Api();

        var (code, _) = await api.GetAsync($"{TestApi.ConfigMapsIn("x")}?fieldSelector=spec.foo%3Db");

        Assert.Equal(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task List_LimitAndContinue_PagesThroughAllItems()
    {
        using var api = Api();
        var ns = await SeedAsync(api);

        var (_, first) = await api.GetAsync($"{TestApi.ConfigMapsIn(ns)}?limit=3");
        var token = (string?)first["metadata"]!["continue"];
        var (_, second) = await api.GetAsync($"{TestApi.ConfigMapsIn(ns)}?limit=3&continue={Uri.EscapeDataString(token!)}");

        Assert.Equal(3, first["items"]!.AsArray().Count);
        Assert.Equal(1L, (long)first["metadata"]!["remainingItemCount"]!);
        Assert.Equal("d", (string?)second["items"]![0]!["metadata"]!["name"]);
        Assert.Null(second["metadata"]!["continue"]);
        Assert.Equal("ConfigMapList", (string?)first["kind"]);
        Assert.Equal(TestApi.Rv(first), TestApi.Rv(second));
    }

    [Fact]
    public async Task List_AllNamespaces_IncludesEveryNamespace()
    {
        using var api = Api();
        var one = NewNamespace();
        var two = NewNamespace();
        await api.CreateAsync(TestApi.WorkersIn(one), TestApi.Worker("w", one));
        await api.CreateAsync(TestApi.WorkersIn(two), TestApi.Worker("w", two));

        var (_, body) = await api.GetAsync("apis/wharf.dev/v1alpha1/workers");

        var namespaces = body["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["namespace"]).ToList();
        Assert.Contains(one, namespaces);
        Assert.Contains(two, namespaces);
    }
}
