using Wharf.Api.Quotas;
using Wharf.Api.Workers;
using k8s.Models;
using Wharf.Operator.Options;

namespace Wharf.Operator.Tests.Support;

/// <summary>Objects for the builder tests.</summary>
internal static class TestObjects
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static OperatorOptions Options => OperatorHarness.DefaultOptions();

    public static Worker Worker(string name = "hello", long generation = 1, string ns = "tenant-a") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "uid-" + name, Generation = generation, CreationTimestamp = Now.UtcDateTime },
        Spec = new WorkerSpec
        {
            Module = new WorkerModule { Image = "registry.example.com/t/hello:1.0", Runtime = WorkerRuntime.JavaScript },
            Routes = [new WorkerRoute { Host = "*.wild.example.com" }, new WorkerRoute { Host = "hello.example.com", PathPrefix = "/api/" }],
        },
    };

    public static WorkerQuota Quota(Action<WorkerQuotaSpec>? configure = null, string ns = "tenant-a")
    {
        var spec = new WorkerQuotaSpec();
        configure?.Invoke(spec);
        return new WorkerQuota { Metadata = new V1ObjectMeta { Name = "default", NamespaceProperty = ns, Generation = 1 }, Spec = spec };
    }
}
