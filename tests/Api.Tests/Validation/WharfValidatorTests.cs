using System.Text.Json;
using Wharf.Api.Tests.Crds;
using Wharf.Api.Validation;
using Wharf.Api.Workers;

namespace Wharf.Api.Tests.Validation;

public sealed class WharfValidatorTests
{
    private static Worker SampleWorker() => CrdFiles.Sample("worker").Deserialize(WharfJsonContext.Default.Worker)!;

    [Fact]
    public void Validate_Samples_HaveNoViolations()
    {
        Assert.Empty(WharfValidator.Validate(SampleWorker()));
        Assert.Empty(WharfValidator.Validate(CrdFiles.Sample("kvnamespace").Deserialize(WharfJsonContext.Default.KvNamespace)!));
        Assert.Empty(WharfValidator.Validate(CrdFiles.Sample("workerquota").Deserialize(WharfJsonContext.Default.WorkerQuota)!));
    }

    [Fact]
    public void Validate_BindingNameReusedAcrossLists_IsReported()
    {
        var worker = SampleWorker();
        worker.Spec.Bindings!.Vars![0].Name = "SESSIONS";

        var violation = Assert.Single(WharfValidator.Validate(worker));

        Assert.Equal("spec.bindings.vars[0].name", violation.Field);
        Assert.Contains("spec.bindings.kv[0]", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateRoute_IsReported()
    {
        var worker = SampleWorker();
        worker.Spec.Routes.Add(new WorkerRoute { Host = "hello.tenant-a.example.com" });

        Assert.Equal("spec.routes[2]", Assert.Single(WharfValidator.Validate(worker)).Field);
    }

    [Theory]
    [InlineData("512Ki", "outside 1Mi..4Gi")]
    [InlineData("5Gi", "outside 1Mi..4Gi")]
    [InlineData("64MB", "unknown suffix")]
    public void Validate_MemoryOutOfRange_IsReported(string memory, string expected)
    {
        var worker = SampleWorker();
        worker.Spec.Limits!.Memory = memory;

        var violation = Assert.Single(WharfValidator.Validate(worker));

        Assert.Equal("spec.limits.memory", violation.Field);
        Assert.Contains(expected, violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("0ms")]
    [InlineData("0h0m0s")]
    public void Validate_ZeroTimeout_IsReported(string timeout)
    {
        var worker = SampleWorker();
        worker.Spec.Limits!.Timeout = timeout;

        var violation = Assert.Single(WharfValidator.Validate(worker));

        Assert.Equal("spec.limits.timeout", violation.Field);
        Assert.Contains("must be greater than 0s", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeroQuotaMaxTimeout_IsReported()
    {
        var quota = CrdFiles.Sample("workerquota").Deserialize(WharfJsonContext.Default.WorkerQuota)!;
        quota.Spec.Workers ??= new();
        quota.Spec.Workers.MaxTimeout = "0s";

        var violation = Assert.Single(WharfValidator.Validate(quota));

        Assert.Equal("spec.workers.maxTimeout", violation.Field);
    }

    [Fact]
    public void Validate_KvValueLargerThanTotal_IsReported()
    {
        var kv = CrdFiles.Sample("kvnamespace").Deserialize(WharfJsonContext.Default.KvNamespace)!;
        kv.Spec.Limits!.MaxValueSize = "1Gi";

        Assert.Equal("spec.limits.maxValueSize", Assert.Single(WharfValidator.Validate(kv)).Field);
    }

    [Fact]
    public void Validate_QuotaRequiringSignaturesWithoutKeys_IsReported()
    {
        var quota = CrdFiles.Sample("workerquota").Deserialize(WharfJsonContext.Default.WorkerQuota)!;
        quota.Spec.Signatures!.TrustedKeys = [];

        Assert.Equal("spec.signatures.trustedKeys", Assert.Single(WharfValidator.Validate(quota)).Field);
    }

    [Fact]
    public void Validate_QuotaRequestAboveLimit_IsReported()
    {
        var quota = CrdFiles.Sample("workerquota").Deserialize(WharfJsonContext.Default.WorkerQuota)!;
        quota.Spec.RuntimePods!.Resources!.Requests!.Cpu = "3";

        Assert.Equal("spec.runtimePods.resources.requests.cpu", Assert.Single(WharfValidator.Validate(quota)).Field);
    }
}
