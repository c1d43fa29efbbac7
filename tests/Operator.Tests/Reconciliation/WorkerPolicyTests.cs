using Wharf.Api.Quotas;
using Wharf.Api.Workers;
using Wharf.Operator.Reconciliation;
using Wharf.Operator.Registry;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.Reconciliation;

public sealed class WorkerPolicyTests
{
    [Fact]
    public void EvaluateQuota_NoQuota_AcceptedWithNoCaps()
    {
        var result = WorkerPolicy.EvaluateQuota(TestObjects.Worker(), null, 50);
        Assert.Equal(("True", Reasons.NoQuota), (result.Status, result.Reason));
    }

    [Fact]
    public void EvaluateQuota_BeyondMaxCount_RejectedWithPositionAndCap()
    {
        var quota = TestObjects.Quota(q => q.Workers = new WorkerCaps { MaxCount = 2 });
        Assert.True(WorkerPolicy.EvaluateQuota(TestObjects.Worker(), quota, 2).IsTrue);
        var rejected = WorkerPolicy.EvaluateQuota(TestObjects.Worker(), quota, 3);
        Assert.Equal(("False", Reasons.QuotaExceeded), (rejected.Status, rejected.Reason));
        Assert.Contains("worker number 3", rejected.Message);
        Assert.Contains("maxCount 2", rejected.Message);
    }

    [Fact]
    public void EvaluateQuota_MemoryAndEgress_BothReportedAsQuotaExceeded()
    {
        var quota = TestObjects.Quota(q =>
        {
            q.Workers = new WorkerCaps { MaxMemory = "64Mi" };
            q.AllowedEgress = [new EgressRule { Host = "*.example.com" }];
        });
        var worker = TestObjects.Worker();
        worker.Spec.Limits = new WorkerLimits { Memory = "65Mi" };
        worker.Spec.Egress = [new EgressRule { Host = "evil.org" }];
        var result = WorkerPolicy.EvaluateQuota(worker, quota, 1);
        Assert.Equal(Reasons.QuotaExceeded, result.Reason);
        Assert.Contains("65Mi exceeds the quota's maxMemory 64Mi", result.Message);
        Assert.Contains("evil.org", result.Message);
    }

    [Fact]
    public void EvaluateQuota_OnlyEgressOutside_EgressNotAllowed()
    {
        var quota = TestObjects.Quota(q => q.AllowedEgress = [new EgressRule { Host = "api.example.com", Port = 443 }]);
        var worker = TestObjects.Worker();
        worker.Spec.Egress = [new EgressRule { Host = "api.example.com" }];
        Assert.Equal(Reasons.EgressNotAllowed, WorkerPolicy.EvaluateQuota(worker, quota, 1).Reason);
        worker.Spec.Egress = [new EgressRule { Host = "api.example.com", Port = 443 }];
        Assert.Equal(Reasons.WithinQuota, WorkerPolicy.EvaluateQuota(worker, quota, 1).Reason);
    }

    [Fact]
    public void EvaluateQuota_AcceptedMessage_DoesNotDependOnOtherWorkers()
    {
        var quota = TestObjects.Quota(q => q.Workers = new WorkerCaps { MaxCount = 10 });
        Assert.Equal(WorkerPolicy.EvaluateQuota(TestObjects.Worker(), quota, 1), WorkerPolicy.EvaluateQuota(TestObjects.Worker(), quota, 7));
    }

    [Fact]
    public void EvaluateSignature_Required_FalseVerificationNotImplemented_NeverTrue()
    {
        var required = TestObjects.Quota(q => q.Signatures = new SignaturePolicy { Required = true, TrustedKeys = [new SecretKeyReference { SecretName = "k", Key = "p" }] });
        var result = WorkerPolicy.EvaluateSignature(required);
        Assert.Equal(("False", Reasons.VerificationNotImplemented), (result.Status, result.Reason));
        Assert.Contains("unsigned", result.Message);
        Assert.Equal(Reasons.NotRequired, WorkerPolicy.EvaluateSignature(TestObjects.Quota()).Reason);
        Assert.Equal(Reasons.NotRequired, WorkerPolicy.EvaluateSignature(null).Reason);
    }

    [Fact]
    public void EvaluateBindings_MissingKvNamespace_NamesBindingAndNamespace()
    {
        var worker = TestObjects.Worker();
        worker.Spec.Bindings = new WorkerBindings { Kv = [new KvBinding { Name = "CACHE", Namespace = "cache" }] };
        var result = WorkerPolicy.EvaluateBindings(worker, new HashSet<string>());
        Assert.Equal(Reasons.BindingNotFound, result!.Reason);
        Assert.Contains("CACHE", result.Message);
        Assert.Null(WorkerPolicy.EvaluateBindings(worker, new HashSet<string> { "cache" }));
    }

    [Fact]
    public void Validate_DuplicateRoutes_InvalidSpec_BadImage_InvalidReference()
    {
        var worker = TestObjects.Worker();
        worker.Spec.Routes.Add(new WorkerRoute { Host = "hello.example.com", PathPrefix = "/api/" });
        Assert.Equal(Reasons.InvalidSpec, WorkerPolicy.Validate(worker)!.Reason);
        var badImage = TestObjects.Worker();
        badImage.Spec.Module.Image = "Registry.example.com/UPPER:1";
        Assert.Equal("InvalidReference", WorkerPolicy.Validate(badImage)!.Reason);
        Assert.Null(WorkerPolicy.Validate(TestObjects.Worker()));
    }

    [Fact]
    public void ModuleCondition_Results_MapToReasons()
    {
        Assert.Equal(Reasons.Pinned, WorkerPolicy.ModuleCondition(ResolveResult.Resolved("sha256:x", "pinned to sha256:x")).Reason);
        Assert.Equal(Reasons.Resolved, WorkerPolicy.ModuleCondition(ResolveResult.Resolved("sha256:x", "a:1 resolved to sha256:x")).Reason);
        var failed = WorkerPolicy.ModuleCondition(ResolveResult.Failed(ResolveFailure.Unauthorized, "nope"));
        Assert.Equal(("False", "Unauthorized", "nope"), (failed.Status, failed.Reason, failed.Message));
    }
}
