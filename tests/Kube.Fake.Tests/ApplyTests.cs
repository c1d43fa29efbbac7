using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests;

public sealed class ApplyTests(FakeKubeServerFixture fixture) : FakeServerTest(fixture)
{
    private static JsonObject Config(string ns, string data) => JsonNode.Parse($$"""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"{{ns}}"},"data":{{data}}}
        """)!.AsObject();

    [Fact]
    public async Task Apply_Missing_CreatesAndRecordsManager()
    {
        using var api = Api();
        var ns = NewNamespace();

        var (code, body) = await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"1"}"""), "op");

        Assert.Equal(HttpStatusCode.Created, code);
        var entry = body["metadata"]!["managedFields"]![0]!;
        Assert.Equal("op", (string?)entry["manager"]);
        Assert.Equal("Apply", (string?)entry["operation"]);
        Assert.Equal("FieldsV1", (string?)entry["fieldsType"]);
        Assert.NotNull(entry["fieldsV1"]!["f:data"]!["f:a"]);
    }

    [Fact]
    public async Task Apply_WithoutFieldManager_Returns422()
    {
        using var api = Api();
        var ns = NewNamespace();

        var (code, body) = await api.SendAsync(HttpMethod.Patch, TestApi.ConfigMapsIn(ns) + "/c", Config(ns, "{}"), "application/apply-patch+yaml");

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("Invalid", (string?)body["reason"]);
    }

    [Fact]
    public async Task Apply_OtherManagersFieldWithDifferentValue_Returns409Conflict()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"1"}"""), "first");

        var (code, body) = await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"2"}"""), "second");

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", (string?)body["reason"]);
        Assert.Equal("FieldManagerConflict", (string?)body["details"]!["causes"]![0]!["reason"]);
        Assert.Equal(".data.a", (string?)body["details"]!["causes"]![0]!["field"]);
        Assert.Contains("conflict with \"first\"", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_Force_TakesOwnership()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"1","b":"1"}"""), "first");

        var (code, body) = await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"2"}"""), "second", force: true);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("2", (string?)body["data"]!["a"]);
        var managers = body["metadata"]!["managedFields"]!.AsArray();
        var first = managers.Single(m => (string?)m!["manager"] == "first")!;
        Assert.Null(first["fieldsV1"]!["f:data"]!["f:a"]);
        Assert.NotNull(first["fieldsV1"]!["f:data"]!["f:b"]);
    }

    [Fact]
    public async Task Apply_SameValueByTwoManagers_SharesOwnershipWithoutConflict()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"1"}"""), "first");

        var (code, body) = await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"1","b":"2"}"""), "second");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(2, body["metadata"]!["managedFields"]!.AsArray().Count);
    }

    [Fact]
    public async Task Apply_FieldDroppedFromConfig_IsRemoved()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"1","b":"2"}"""), "op");

        var (_, body) = await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"1"}"""), "op");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":"1"}"""), body["data"]));
    }

    [Fact]
    public async Task Apply_FieldChangedByUpdate_ConflictsForApplier()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"1"}"""), "op");
        await api.MergePatchAsync(TestApi.ConfigMapsIn(ns) + "/c?fieldManager=editor", JsonNode.Parse("""{"data":{"a":"x"}}""")!);

        var (code, body) = await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"1"}"""), "op");

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Contains("\"editor\"", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_LabelsAndFinalizersPerManager_MergeAsSets()
    {
        using var api = Api();
        var ns = NewNamespace();
        var one = Config(ns, "{}");
        one["metadata"]!["labels"] = new JsonObject { ["a"] = "1" };
        one["metadata"]!["finalizers"] = new JsonArray("x/one");
        var two = Config(ns, "{}");
        two["metadata"]!["labels"] = new JsonObject { ["b"] = "2" };
        two["metadata"]!["finalizers"] = new JsonArray("x/two");

        await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", one, "one");
        var (code, body) = await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", two, "two");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(2, body["metadata"]!["labels"]!.AsObject().Count);
        Assert.Equal(["x/one", "x/two"], body["metadata"]!["finalizers"]!.AsArray().Select(f => (string)f!));
    }

    [Fact]
    public async Task Apply_CustomResource_AppliesDefaultsAndBumpsGenerationOnlyOnChange()
    {
        using var api = Api();
        var ns = NewNamespace();
        var worker = TestApi.Worker("w", ns);

        var (created, first) = await api.ApplyAsync(TestApi.WorkersIn(ns) + "/w", worker, "op");
        var (_, again) = await api.ApplyAsync(TestApi.WorkersIn(ns) + "/w", worker, "op");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("64Mi", (string?)first["spec"]!["limits"]!["memory"]);
        Assert.Equal(TestApi.Rv(first), TestApi.Rv(again));
        Assert.Equal(1L, (long)again["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task Apply_FieldOnlyDefaultedAtCreate_IsNotOwnedByCreator()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("w", ns));
        var config = TestApi.Worker("w", ns);
        config["spec"]!["routes"]![0]!["pathPrefix"] = "/";
        config["spec"]!["limits"] = new JsonObject { ["memory"] = "128Mi" };

        var (code, body) = await api.ApplyAsync(TestApi.WorkersIn(ns) + "/w", config, "op");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("128Mi", (string?)body["spec"]!["limits"]!["memory"]);
        Assert.Equal(2L, (long)body["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task Apply_ResourceVersionPreconditionStale_Returns409()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, "{}"), "op");
        var config = Config(ns, """{"a":"1"}""");
        config["metadata"]!["resourceVersion"] = "1";

        var (code, _) = await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", config, "op");

        Assert.Equal(HttpStatusCode.Conflict, code);
    }

    [Fact]
    public async Task Apply_DifferentLeavesOfOneObject_DoNotConflict()
    {
        using var api = Api();
        var ns = NewNamespace();
        var first = TestApi.Worker("w", ns);
        first["spec"]!["limits"] = new JsonObject { ["memory"] = "128Mi" };
        await api.ApplyAsync(TestApi.WorkersIn(ns) + "/w", first, "one");
        var second = JsonNode.Parse($$$$"""
            {"apiVersion":"wharf.dev/v1alpha1","kind":"Worker","metadata":{"name":"w","namespace":"{{{{ns}}}}"},"spec":{"limits":{"timeout":"9s"}}}
            """)!.AsObject();

        var (code, body) = await api.ApplyAsync(TestApi.WorkersIn(ns) + "/w", second, "two");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(("128Mi", "9s"), ((string?)body["spec"]!["limits"]!["memory"], (string?)body["spec"]!["limits"]!["timeout"]));
        Assert.Equal("app.example.com", (string?)body["spec"]!["routes"]![0]!["host"]);
    }

    [Fact]
    public async Task Apply_SameLeafDifferentValue_ConflictNamesTheLeaf()
    {
        using var api = Api();
        var ns = NewNamespace();
        var first = TestApi.Worker("w", ns);
        first["spec"]!["limits"] = new JsonObject { ["memory"] = "128Mi" };
        await api.ApplyAsync(TestApi.WorkersIn(ns) + "/w", first, "one");
        var second = JsonNode.Parse($$$$"""
            {"apiVersion":"wharf.dev/v1alpha1","kind":"Worker","metadata":{"name":"w","namespace":"{{{{ns}}}}"},"spec":{"limits":{"memory":"256Mi"}}}
            """)!.AsObject();

        var (code, body) = await api.ApplyAsync(TestApi.WorkersIn(ns) + "/w", second, "two");

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal(".spec.limits.memory", (string?)body["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task Apply_EmptyObject_DoesNotClearOthersFields()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, """{"a":"1"}"""), "one");

        var (code, body) = await api.ApplyAsync(TestApi.ConfigMapsIn(ns) + "/c", Config(ns, "{}"), "two");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("1", (string?)body["data"]!["a"]);
    }

    [Fact]
    public async Task Apply_StatusSubresource_TracksStatusManagerSeparately()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.ApplyAsync(TestApi.WorkersIn(ns) + "/w", TestApi.Worker("w", ns), "op");
        var status = JsonNode.Parse($$$"""
            {"apiVersion":"wharf.dev/v1alpha1","kind":"Worker","metadata":{"name":"w","namespace":"{{{ns}}}"},"status":{"nodesReady":3}}
            """)!;

        var (code, body) = await api.ApplyAsync(TestApi.WorkersIn(ns) + "/w/status", status, "op");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(3L, (long)body["status"]!["nodesReady"]!);
        Assert.Contains(body["metadata"]!["managedFields"]!.AsArray(), m => (string?)m!["subresource"] == "status");
    }

    [Fact]
    public async Task Apply_YamlBody_IsAccepted()
    {
        using var api = Api();
        var ns = NewNamespace();
        using var request = new HttpRequestMessage(HttpMethod.Patch, TestApi.ConfigMapsIn(ns) + "/c?fieldManager=kubectl")
        {
            Content = new StringContent($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  port: \"8080\"\n"),
        };
        request.Content.Headers.ContentType = new("application/apply-patch+yaml");

        using var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("8080", (string?)Server.GetObject("v1", "configmaps", ns, "c")!["data"]!["port"]);
    }
}
