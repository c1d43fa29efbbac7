using Wharf.Api.Runtime;
using Wharf.Api.Workers;
using Wharf.Operator.Reconciliation;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.Reconciliation;

public sealed class WorkerStatusBuilderTests
{
    private static readonly string DigestA = "sha256:" + new string('a', 64);
    private static readonly ConditionResult QuotaOk = ConditionResult.True(Reasons.WithinQuota, "fits");
    private static readonly ConditionResult SignatureOk = ConditionResult.True(Reasons.NotRequired, "not required");
    private static readonly ConditionResult Resolved = ConditionResult.True(Reasons.Resolved, "resolved");

    private static WorkerEvaluation Admitted(Worker worker) =>
        new(QuotaOk, Resolved, SignatureOk, null, DigestA, RuntimeConfigBuilder.FromWorker(worker, DigestA));

    [Fact]
    public void BuildWorkerStatus_AllNodesReady_ReadyTrueWithUrlDigestAndCounts()
    {
        var worker = TestObjects.Worker(generation: 3);
        var status = WorkerStatusBuilder.BuildWorkerStatus(worker, Admitted(worker), new RuntimeRollout(true, 3, 3, 3, true), TestObjects.Options, TestObjects.Now);

        Assert.Equal(3, status.ObservedGeneration);
        Assert.Equal(DigestA, status.ResolvedDigest);
        Assert.Equal("https://hello.example.com/api/", status.Url);
        Assert.Equal((3, 3), (status.NodesReady, status.NodesDesired));
        Assert.Equal(["Ready", "QuotaAccepted", "ModuleResolved", "SignatureVerified"], status.Conditions!.Select(c => c.Type));
        var ready = status.Conditions![0];
        Assert.Equal(("True", "Serving"), (ready.Status, ready.Reason));
        Assert.All(status.Conditions, c => Assert.Equal(3, c.ObservedGeneration));
    }

    [Theory]
    [InlineData(0, 0, 0, true, "NoNodes")]
    [InlineData(3, 2, 3, true, "RuntimeNotReady")]
    [InlineData(3, 3, 1, true, "RuntimeNotReady")]
    [InlineData(3, 3, 3, false, "RuntimeNotReady")]
    public void BuildWorkerStatus_RolloutIncomplete_ReadyFalseWithRolloutReason(int desired, int ready, int updated, bool current, string reason)
    {
        var worker = TestObjects.Worker();
        var status = WorkerStatusBuilder.BuildWorkerStatus(worker, Admitted(worker), new RuntimeRollout(true, desired, ready, updated, current), TestObjects.Options, TestObjects.Now);
        Assert.Equal(("False", reason), (status.Conditions![0].Status, status.Conditions[0].Reason));
    }

    [Fact]
    public void BuildWorkerStatus_OverQuota_ReadyCarriesTheQuotaReasonAndNoUrl()
    {
        var worker = TestObjects.Worker();
        var evaluation = new WorkerEvaluation(ConditionResult.False(Reasons.QuotaExceeded, "over WorkerQuota default: 128Mi exceeds 64Mi"),
            ConditionResult.Unknown(Reasons.NotAttempted, "not resolved"), SignatureOk, null, null, null);
        var status = WorkerStatusBuilder.BuildWorkerStatus(worker, evaluation, RuntimeRollout.None, TestObjects.Options, TestObjects.Now);
        var ready = status.Conditions![0];
        Assert.Equal(("False", "QuotaExceeded"), (ready.Status, ready.Reason));
        Assert.Contains("128Mi exceeds 64Mi", ready.Message);
        Assert.Null(status.Url);
        Assert.Null(status.NodesDesired);
    }

    [Fact]
    public void BuildWorkerStatus_NewGenerationUnresolved_MessageSaysWhichGenerationStillServes()
    {
        var old = TestObjects.Worker(generation: 1);
        var worker = TestObjects.Worker(generation: 2);
        var evaluation = new WorkerEvaluation(QuotaOk, ConditionResult.False("ManifestNotFound", "manifest t/hello:2 not found"), SignatureOk, null, null,
            RuntimeConfigBuilder.FromWorker(old, DigestA));
        var ready = WorkerStatusBuilder.BuildWorkerStatus(worker, evaluation, new RuntimeRollout(true, 1, 1, 1, true), TestObjects.Options, TestObjects.Now).Conditions![0];
        Assert.Equal("ManifestNotFound", ready.Reason);
        Assert.Contains($"still serving generation 1 ({DigestA})", ready.Message);
    }

    [Fact]
    public void BuildWorkerStatus_SameOutcomeLater_TransitionTimeKept_ChangedOutcome_NewTime()
    {
        var worker = TestObjects.Worker();
        var rollout = new RuntimeRollout(true, 0, 0, 0, true);
        worker.Status = WorkerStatusBuilder.BuildWorkerStatus(worker, Admitted(worker), rollout, TestObjects.Options, TestObjects.Now);
        var later = TestObjects.Now.AddMinutes(5);

        var same = WorkerStatusBuilder.BuildWorkerStatus(worker, Admitted(worker), rollout, TestObjects.Options, later);
        Assert.All(same.Conditions!, c => Assert.Equal(TestObjects.Now, c.LastTransitionTime));

        var changed = WorkerStatusBuilder.BuildWorkerStatus(worker, Admitted(worker), new RuntimeRollout(true, 1, 1, 1, true), TestObjects.Options, later);
        Assert.Equal(later, changed.Conditions![0].LastTransitionTime);
        Assert.Equal(TestObjects.Now, changed.Conditions[1].LastTransitionTime);
    }

    [Fact]
    public void Url_OnlyWildcardRoutes_Null()
    {
        var worker = TestObjects.Worker();
        worker.Spec.Routes = [new WorkerRoute { Host = "*.example.com" }];
        Assert.Null(WorkerStatusBuilder.Url(worker, TestObjects.Options));
        Assert.Equal("http://hello.example.com/api/", WorkerStatusBuilder.Url(TestObjects.Worker(), TestObjects.Options with { UrlScheme = "http" }));
    }
}
