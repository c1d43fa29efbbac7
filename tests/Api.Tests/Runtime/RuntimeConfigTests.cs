using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Runtime;
using Wharf.Api.Tests.Crds;
using Wharf.Api.Workers;

namespace Wharf.Api.Tests.Runtime;

public sealed class RuntimeConfigTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static Worker SampleWorker() => CrdFiles.Sample("worker").Deserialize(WharfJsonContext.Default.Worker)!;

    private static Worker MinimalWorker(string name) => new()
    {
        Metadata = new() { Name = name, NamespaceProperty = "t", Generation = 4 },
        Spec = new WorkerSpec
        {
            Module = new WorkerModule { Image = "r.example.com/x", Runtime = WorkerRuntime.Wasm },
            Routes = [new WorkerRoute { Host = "x.example.com" }],
        },
    };

    [Fact]
    public void FromWorker_Sample_NormalizesLimitsAndPinsImage()
    {
        var entry = RuntimeConfigBuilder.FromWorker(SampleWorker(), Digest);

        Assert.Equal($"registry.example.com/tenant-a/hello@{Digest}", entry.Image);
        Assert.Equal(64L * 1024 * 1024, entry.Limits.MemoryBytes);
        Assert.Equal(5000L, entry.Limits.TimeoutMs);
        Assert.Equal(1024L * 1024, entry.Limits.MaxBodyBytes);
        Assert.Equal(100, entry.Limits.MaxConcurrency);
        Assert.Equal("tenant-a/sessions", entry.Bindings.Kv.Single().NamespaceId);
        Assert.Equal(("API_TOKEN", "hello-secrets", "api-token"), (entry.Bindings.Secrets[0].Name, entry.Bindings.Secrets[0].SecretName, entry.Bindings.Secrets[0].Key));
        Assert.Equal(1, entry.MinInstances);
    }

    [Fact]
    public void FromWorker_NoDefaultsApplied_UsesCrdDefaults()
    {
        var entry = RuntimeConfigBuilder.FromWorker(MinimalWorker("w"), Digest);

        Assert.Equal(64L * 1024 * 1024, entry.Limits.MemoryBytes);
        Assert.Equal(5000L, entry.Limits.TimeoutMs);
        Assert.Equal(WorkerDefaults.MaxConcurrency, entry.Limits.MaxConcurrency);
        Assert.Equal("/", entry.Routes.Single().PathPrefix);
        Assert.Empty(entry.Egress);
        Assert.Equal(4L, entry.Generation);
    }

    [Fact]
    public void FromWorker_BadMemory_NamesTheField()
    {
        var worker = MinimalWorker("w");
        worker.Spec.Limits = new WorkerLimits { Memory = "64MB" };

        var e = Assert.Throws<RuntimeConfigException>(() => RuntimeConfigBuilder.FromWorker(worker, Digest));

        Assert.Equal("spec.limits.memory", e.Field);
        Assert.Contains("unknown suffix", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromWorker_BadDigest_Throws() =>
        Assert.Equal("status.resolvedDigest", Assert.Throws<RuntimeConfigException>(() => RuntimeConfigBuilder.FromWorker(MinimalWorker("w"), "sha256:xyz")).Field);

    [Theory]
    [InlineData("r.example.com/x", "r.example.com/x@" + Digest)]
    [InlineData("r.example.com:5000/team/x:1.0", "r.example.com:5000/team/x@" + Digest)]
    [InlineData("r.example.com/x@" + Digest, "r.example.com/x@" + Digest)]
    public void PinImage_Reference_IsPinnedByDigest(string image, string expected) =>
        Assert.Equal(expected, RuntimeConfigBuilder.PinImage(image, Digest));

    [Fact]
    public void PinImage_PinnedToOtherDigest_Throws() =>
        Assert.Throws<RuntimeConfigException>(() => RuntimeConfigBuilder.PinImage("r/x@sha256:" + new string('f', 64), Digest));

    [Fact]
    public void FromKvNamespace_Sample_NormalizesLimits()
    {
        var kv = CrdFiles.Sample("kvnamespace").Deserialize(WharfJsonContext.Default.KvNamespace)!;

        var entry = RuntimeConfigBuilder.FromKvNamespace(kv);

        Assert.Equal("tenant-a/sessions", entry.Id);
        Assert.Equal(50_000L, entry.MaxKeys);
        Assert.Equal(64L * 1024, entry.MaxValueBytes);
        Assert.Equal(256L * 1024 * 1024, entry.MaxTotalBytes);
        Assert.Equal(24L * 3600 * 1000, entry.DefaultTtlMs);
    }

    [Fact]
    public void Serialize_SampleConfig_NeverContainsSecretValuesAndRoundTrips()
    {
        var kv = CrdFiles.Sample("kvnamespace").Deserialize(WharfJsonContext.Default.KvNamespace)!;
        var config = RuntimeConfigBuilder.Build("tenant-a", [RuntimeConfigBuilder.FromWorker(SampleWorker(), Digest)], [RuntimeConfigBuilder.FromKvNamespace(kv)]);

        var json = RuntimeConfigSerializer.Serialize(config);
        var back = RuntimeConfigSerializer.Deserialize(json);

        Assert.Equal(json, RuntimeConfigSerializer.Serialize(back));
        var node = JsonNode.Parse(json)!;
        Assert.Equal(1, (int)node["version"]!);
        Assert.Equal("javascript", (string?)node["workers"]![0]!["runtime"]);
        Assert.Equal(67108864L, (long)node["workers"]![0]!["limits"]!["memoryBytes"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"API_TOKEN","secretName":"hello-secrets","key":"api-token"}"""), node["workers"]![0]!["bindings"]!["secrets"]![0]));
    }

    [Fact]
    public void Build_UnorderedInputs_GivesIdenticalDocuments()
    {
        var a = RuntimeConfigBuilder.FromWorker(MinimalWorker("a"), Digest);
        var b = RuntimeConfigBuilder.FromWorker(MinimalWorker("b"), Digest);

        var one = RuntimeConfigSerializer.Serialize(RuntimeConfigBuilder.Build("t", [a, b], []));
        var two = RuntimeConfigSerializer.Serialize(RuntimeConfigBuilder.Build("t", [b, a], []));

        Assert.Equal(one, two);
    }

    [Fact]
    public void Deserialize_UnknownVersion_ThrowsClearError()
    {
        var e = Assert.Throws<FormatException>(() => RuntimeConfigSerializer.Deserialize("""{"version":2,"namespace":"t","workers":[],"kvNamespaces":[]}"""));

        Assert.Contains("version 2 is not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_MissingRequiredField_Throws()
    {
        var e = Assert.Throws<FormatException>(() => RuntimeConfigSerializer.Deserialize("""{"version":1,"namespace":"t","workers":[]}"""));

        Assert.Contains("kvNamespaces", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NotJson_Throws() =>
        Assert.Throws<FormatException>(() => RuntimeConfigSerializer.Deserialize("{nope"));

    [Fact]
    public void Serialize_EmptyConfig_HasStableShape()
    {
        var json = RuntimeConfigSerializer.Serialize(RuntimeConfigBuilder.Build("t", [], []));

        Assert.Equal("""{"version":1,"namespace":"t","workers":[],"kvNamespaces":[]}""", json);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json).RootElement.ValueKind);
    }
}
