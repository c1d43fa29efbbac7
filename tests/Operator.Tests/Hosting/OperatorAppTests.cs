using k8s;
using Wharf.Operator.Hosting;
using Wharf.Operator.Kv;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.Hosting;

public sealed class OperatorAppTests
{
    [Fact]
    public void Build_InvalidOptions_ThrowsBeforeStarting()
    {
        var kube = new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" };
        var ex = Assert.Throws<ArgumentException>(() => OperatorApp.Build(TestObjects.Options with { NodeRuntimeImage = "" }, kube, "http://127.0.0.1:0"));
        Assert.Contains("node-runtime image", ex.Message);
    }

    [Fact]
    public async Task UnavailableKvDataDeleter_ReportsItCannotDelete_NamingTheNamespace()
    {
        var result = await new UnavailableKvDataDeleter().DeleteAsync("tenant-a/sessions", CancellationToken.None);
        Assert.False(result.Deleted);
        Assert.Contains("tenant-a/sessions", result.Message);
        Assert.Contains("no KV store connection", result.Message);
    }
}
