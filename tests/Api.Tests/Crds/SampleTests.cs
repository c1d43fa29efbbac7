using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Wharf.Api.Workers;
using Wharf.Kube.Fake;

namespace Wharf.Api.Tests.Crds;

public sealed class SampleTests
{
    public static TheoryData<string, string> Samples => new()
    {
        { "worker", "workers" },
        { "kvnamespace", "kvnamespaces" },
        { "workerquota", "workerquotas" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_CreatedOnFakeServer_PassesSchemaValidation(string kind, string plural)
    {
        await using var server = await FakeKubeServer.StartAsync(new FakeKubeServerOptions { CrdDirectory = CrdFiles.BasesDirectory });
        using var http = server.CreateClient();
        var sample = CrdFiles.Sample(kind);
        var ns = (string)sample["metadata"]!["namespace"]!;

        using var response = await http.PostAsync(
            $"apis/wharf.dev/v1alpha1/namespaces/{ns}/{plural}?fieldValidation=Strict",
            new StringContent(sample.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Sample_Worker_RoundTripsThroughCSharpType() => AssertRoundTrip(CrdFiles.Sample("worker"), WharfJsonContext.Default.Worker);

    [Fact]
    public void Sample_KvNamespace_RoundTripsThroughCSharpType() => AssertRoundTrip(CrdFiles.Sample("kvnamespace"), WharfJsonContext.Default.KvNamespace);

    [Fact]
    public void Sample_WorkerQuota_RoundTripsThroughCSharpType() => AssertRoundTrip(CrdFiles.Sample("workerquota"), WharfJsonContext.Default.WorkerQuota);

    [Fact]
    public void Deserialize_WorkerWithoutRequiredModule_Throws()
    {
        var sample = CrdFiles.Sample("worker");
        sample["spec"]!.AsObject().Remove("module");

        Assert.Throws<JsonException>(() => sample.Deserialize(WharfJsonContext.Default.Worker));
    }

    [Fact]
    public void Deserialize_UnknownRuntime_Throws()
    {
        var sample = CrdFiles.Sample("worker");
        sample["spec"]!["module"]!["runtime"] = "python";

        Assert.Throws<JsonException>(() => sample.Deserialize(WharfJsonContext.Default.Worker));
    }

    [Fact]
    public void Deserialize_WorkerSample_ReadsTypedValues()
    {
        var worker = CrdFiles.Sample("worker").Deserialize(WharfJsonContext.Default.Worker)!;

        Assert.Equal(WorkerRuntime.JavaScript, worker.Spec.Module.Runtime);
        Assert.Equal("*.hello.example.com", worker.Spec.Routes[1].Host);
        Assert.Equal(443, worker.Spec.Egress![0].Port);
        Assert.Equal("api-token", worker.Spec.Bindings!.Secrets![0].Key);
        Assert.Equal("hello", worker.Metadata.Name);
    }

    [Fact]
    public void Serialize_WorkerWithStatus_WritesCamelCaseAndOmitsNulls()
    {
        var worker = new Worker
        {
            Metadata = new() { Name = "w", NamespaceProperty = "n" },
            Spec = new WorkerSpec
            {
                Module = new WorkerModule { Image = "r/x:1", Runtime = WorkerRuntime.Wasm },
                Routes = [new WorkerRoute { Host = "a.example.com" }],
            },
            Status = new WorkerStatus
            {
                NodesReady = 1,
                Conditions = [new() { Type = WorkerConditions.Ready, Status = "True", Reason = "Serving", ObservedGeneration = 2 }],
            },
        };

        var json = JsonSerializer.SerializeToNode(worker, WharfJsonContext.Default.Worker)!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"apiVersion":"wharf.dev/v1alpha1","kind":"Worker","metadata":{"name":"w","namespace":"n"},
             "spec":{"module":{"image":"r/x:1","runtime":"wasm"},"routes":[{"host":"a.example.com"}]},
             "status":{"conditions":[{"type":"Ready","status":"True","observedGeneration":2,"reason":"Serving"}],"nodesReady":1}}
            """), json), json.ToJsonString());
    }

    private static void AssertRoundTrip<T>(JsonObject sample, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var typed = sample.Deserialize(typeInfo)!;
        var back = JsonSerializer.SerializeToNode(typed, typeInfo);

        Assert.True(JsonNode.DeepEquals(Normalize(sample), back), $"expected {sample.ToJsonString()}\nactual   {back?.ToJsonString()}");
    }

    // YAML-typed values (long, bool) compare by JSON text; parse both sides from text.
    private static JsonNode Normalize(JsonNode node) => JsonNode.Parse(node.ToJsonString())!;
}
